//! The user's profile and preferences.
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    service::profiles::update_user_profile(&t.db, user, Default::default())
        .await
        .unwrap(); // user_profiles
    service::profiles::update_user_preferences(&t.db, user, Default::default())
        .await
        .unwrap(); // user_preferences
}
