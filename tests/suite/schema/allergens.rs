//! The seeded allergens and dietary restrictions, and `common_foods` as a text list.
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, assert_refused};

async fn allergens_seeded_and_common_foods_is_a_text_list(t: &TestDb) {
    use entity::allergens;
    use entity::types::TextList;
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder};

    let all = allergens::Entity::find()
        .order_by_asc(allergens::Column::Name)
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 12);
    let peanuts = all.iter().find(|a| a.name == "Peanuts").unwrap();
    assert_eq!(
        peanuts.common_foods.items(),
        ["Peanut butter", "Peanut oil", "Mixed nuts"]
    );
    let diets = t
        .count("SELECT COUNT(*) FROM dietary_restrictions_ref", vec![])
        .await;
    assert_eq!(diets, 7);

    let column = allergens::Column::CommonFoods;
    let pasta = allergens::Entity::find()
        .filter(TextList::contains(t.backend, column, "Pasta"))
        .order_by_asc(allergens::Column::Name)
        .all(&t.db)
        .await
        .unwrap();
    let names: Vec<&str> = pasta.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Eggs", "Wheat"]);

    // Written through the entity on either backend, read back the same.
    let row = allergens::ActiveModel {
        id: sea_orm::Set(Uuid::new_v4()),
        name: sea_orm::Set("Kiwi".into()),
        category: sea_orm::Set(entity::types::AllergenCategory::Food),
        description: sea_orm::Set(None),
        common_foods: sea_orm::Set(TextList::new(["Kiwi \"gold\"", "Fruit salad, mixed"])),
        is_active: sea_orm::Set(true),
        fda_recognized: sea_orm::Set(false),
        created_at: sea_orm::Set(entity::types::Timestamp::now()),
    };
    let saved = sea_orm::ActiveModelTrait::insert(row, &t.db).await.unwrap();
    assert_eq!(
        saved.common_foods.items(),
        ["Kiwi \"gold\"", "Fruit salad, mixed"]
    );
    let found = allergens::Entity::find()
        .filter(TextList::contains(t.backend, column, "Fruit salad, mixed"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_refused(
        t,
        "chk_allergen_category",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Air')",
        vec![],
    )
    .await;
    assert_accepted(
        t,
        "category",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Environmental')",
        vec![],
    )
    .await;
    assert_refused(
        t,
        "uq_allergens_name",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Other')",
        vec![],
    )
    .await;
}

dual!(allergens_seeded_and_common_foods_is_a_text_list,);
