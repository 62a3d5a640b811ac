//! `user_with_a_row_everywhere`: a verified user with a row in every table that holds a user's
//! rows, one module per domain, each owning its tables' rows (through the service where it has
//! a function, raw SQL elsewhere). A table added later gets its line in its domain's module.
use super::{TestDb, verified_user};

mod accounts;
mod health;
mod nutrition;
mod operations;
mod payments;
mod planning;
mod profiles;
mod recipes;
mod restaurants;

/// A verified user (`<name>@example.com`) with a row in every table that holds a user's rows:
/// the fixture of the tests that walk every such table from the catalogue (erasure, row-level
/// security, the copy).
pub async fn user_with_a_row_everywhere(t: &TestDb, name: &str) -> service::Actor {
    let user = verified_user(t, name).await; // users, password_history, verification_tokens
    health::rows(t, user).await;
    accounts::rows(t, user).await;
    payments::rows(t, user).await;
    profiles::rows(t, user).await;
    health::changed_by_no_one(t, user).await;
    recipes::rows(t, user).await;
    nutrition::rows(t, user.id()).await;
    planning::rows(t, user.id(), name).await;
    operations::rows(t, user).await;
    restaurants::rows(t, user).await;
    user
}
