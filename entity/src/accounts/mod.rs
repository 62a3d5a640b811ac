//! Accounts: who a user is and how they prove it (`public.users`, schema `auth` on PostgreSQL).
pub mod password_history;
pub mod refresh_tokens;
pub mod user_payment_methods;
pub mod user_sessions;
pub mod users;
pub mod verification_tokens;
