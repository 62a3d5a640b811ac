//! Logs (migration 16): one row of the user in each log table that names users.
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    for sql in [
        "INSERT INTO user_activities (user_id, activity_type, metadata) VALUES ($1, 'recipe.viewed', '{\"source\": \"search\"}')",
        "INSERT INTO api_requests (user_id, method, endpoint, status_code, duration_ms) VALUES ($1, 'GET', '/api/recipes', 200, 12)",
        "INSERT INTO access_logs (user_id, ip_address, endpoint, method, status_code, response_time_ms) VALUES ($1, '203.0.113.7', '/api/profile', 'GET', 200, 9)",
        "INSERT INTO ai_model_results (user_id, model_name, model_version, input_ref, output, confidence, latency_ms) VALUES ($1, 'meal-recommender', '1.2.0', 'users:self', '{\"meals\": [1, 2]}', 0.875, 40)",
    ] {
        t.exec(sql, vec![user.into()])
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}
