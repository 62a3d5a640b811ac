//! The payment card table's rules through raw SQL: its CHECKs, keys, one default per user, and
//! the cascade from its user.
use uuid::Uuid;

use crate::harness::{TestDb, insert_user};
use crate::rule_cases::{self, Case, Row, Table};

/// A well-formed card row of `user`, not the default.
fn card_row(user: Uuid) -> Row {
    Row::new("user_payment_methods")
        .col("user_id", user)
        .col("card_number_encrypted", "AAAA")
        .col("encryption_key_id", 1_i32)
        .col("card_holder", "Ada")
        .col("brand", "visa")
        .col("last_four", "1111")
        .col("expires_month", 12_i32)
        .col("expires_year", 2030_i32)
        .col("is_default", false)
}

fn card_cases(ada: Uuid, bob: Uuid) -> Table {
    let id = Uuid::new_v4();
    let default = card_row(ada).col("is_default", true);
    rule_cases::table(
        card_row(ada),
        [
            Case::refused("chk_user_payment_methods_key_id").set("encryption_key_id", 0_i32),
            Case::refused("chk_user_payment_methods_holder").set("card_holder", "  "),
            Case::refused("chk_user_payment_methods_brand").set("brand", "bitcoin"),
            Case::refused("chk_user_payment_methods_last_four").set("last_four", "12a4"),
            Case::refused("chk_user_payment_methods_last_four").set("last_four", "123"),
            Case::refused("chk_user_payment_methods_expires_month").set("expires_month", 0_i32),
            Case::refused("chk_user_payment_methods_expires_month").set("expires_month", 13_i32),
            Case::refused("chk_user_payment_methods_expires_year").set("expires_year", 1999_i32),
            Case::refused("chk_user_payment_methods_expires_year").set("expires_year", 10_000_i32),
            Case::refused("fk_user_payment_methods_user").set("user_id", Uuid::new_v4()),
            Case::accepted("expiry at the lower bounds")
                .set("expires_month", 1_i32)
                .set("expires_year", 2000_i32),
            Case::accepted("expiry at the upper bounds")
                .set("expires_month", 12_i32)
                .set("expires_year", 9999_i32),
            // One default card per user; another user's default is no conflict.
            Case::refused("uq_user_payment_methods_default")
                .after(default.clone())
                .set("is_default", true),
            Case::accepted("bob's default")
                .after(default)
                .set("user_id", bob)
                .set("is_default", true),
            Case::refused("user_payment_methods_pkey")
                .after(card_row(ada).col("id", id))
                .set("id", id),
        ],
    )
}

async fn payment_methods_checks_keys_and_cascade(t: &TestDb) {
    let ada = insert_user(t, "ada", true).await.id();
    let bob = insert_user(t, "bob", true).await.id();
    rule_cases::run(t, &[card_cases(ada, bob)]).await;

    for user in [ada, bob] {
        rule_cases::insert(t, &card_row(user)).await;
    }
    let count = "SELECT COUNT(*) FROM user_payment_methods WHERE user_id = $1";
    t.exec("DELETE FROM users WHERE id = $1", vec![ada.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count(count, vec![ada.into()]).await,
        0,
        "deleted with the user"
    );
    assert_eq!(t.count(count, vec![bob.into()]).await, 1);
}

dual!(payment_methods_checks_keys_and_cascade,);
