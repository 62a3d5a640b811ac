//! The rules of the foundation: audit, accounts and authentication, health, profiles and
//! payment cards (migrations 1-11), table by table in migration order.
use crate::Subject;
use crate::limits::foundation::HEALTH_NOTES;
use crate::limits::foundation::{
    BODY_FAT_PERCENT, CARD_EXPIRES_MONTH, CARD_EXPIRES_YEAR, CARD_HOLDER, DAILY_STEPS, EMAIL,
    FITNESS_GOAL_DATES, HEIGHT_CM, LANGUAGE_TAG, MAX_COOKING_MINUTES, USERNAME,
    WEEKLY_EXERCISE_MINUTES, WEIGHT_KG,
};
use crate::tables::{
    ALLERGENS, DATA_CHANGES, DIETARY_RESTRICTIONS_REF, HEALTH_PROFILES, PASSWORD_HISTORY,
    REFRESH_TOKENS, USER_ALLERGIES, USER_DIETARY_RESTRICTIONS, USER_PAYMENT_METHODS, USER_SESSIONS,
    USERS, VERIFICATION_TOKENS,
};
use crate::tables::{
    FITNESS_GOALS, MEDICAL_CONDITIONS_REF, USER_MEDICAL_CONDITIONS, USER_PREFERENCES, USER_PROFILES,
};

use super::{
    EMAIL_NOT_VERIFIED, Forbidden, Kind, Refusal, Rule, check, fk, in_order, in_range, length, pk,
    rule, unique,
};

pub(super) const RULES: &[Rule] = &[
    // audit
    pk("data_changes_pkey", DATA_CHANGES, Subject::AuditRecord),
    check(
        "chk_data_changes_operation",
        DATA_CHANGES,
        "operation",
        "is not a known operation",
    ),
    // users
    pk("users_pkey", USERS, Subject::User),
    unique(
        "uq_users_email_active",
        USERS,
        &["lower(email)"],
        Subject::Email,
    ),
    unique(
        "uq_users_username_active",
        USERS,
        &["lower(username)"],
        Subject::Username,
    ),
    check(
        "chk_username_format",
        USERS,
        "username",
        USERNAME.check_reason,
    ),
    check("chk_email_format", USERS, "email", EMAIL.invalid),
    // auth
    pk(
        "verification_tokens_pkey",
        VERIFICATION_TOKENS,
        Subject::VerificationToken,
    ),
    fk(
        "fk_verification_tokens_user",
        VERIFICATION_TOKENS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_verification_tokens_token_hash_format",
        VERIFICATION_TOKENS,
        "token_hash",
        "must be a SHA-256 digest in lower-case hex",
    ),
    unique(
        "uq_verification_tokens_token_hash",
        VERIFICATION_TOKENS,
        &["token_hash"],
        Subject::VerificationToken,
    ),
    check(
        "chk_token_type",
        VERIFICATION_TOKENS,
        "token_type",
        "is not a known token type",
    ),
    check(
        "chk_token_expiry",
        VERIFICATION_TOKENS,
        "expires_at",
        "must be after created_at",
    ),
    pk("user_sessions_pkey", USER_SESSIONS, Subject::Session),
    fk(
        "fk_user_sessions_user",
        USER_SESSIONS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_user_sessions_token_hash_format",
        USER_SESSIONS,
        "token_hash",
        "must be a SHA-256 digest in lower-case hex",
    ),
    unique(
        "uq_user_sessions_token_hash",
        USER_SESSIONS,
        &["token_hash"],
        Subject::Session,
    ),
    check(
        "chk_session_expiry",
        USER_SESSIONS,
        "expires_at",
        "must be after created_at",
    ),
    pk(
        "password_history_pkey",
        PASSWORD_HISTORY,
        Subject::PasswordHistoryEntry,
    ),
    fk(
        "fk_password_history_user",
        PASSWORD_HISTORY,
        &["user_id"],
        Subject::User,
    ),
    // health reference data
    pk("allergens_pkey", ALLERGENS, Subject::Allergen),
    check(
        "chk_allergen_category",
        ALLERGENS,
        "category",
        "is not a known allergen category",
    ),
    unique("uq_allergens_name", ALLERGENS, &["name"], Subject::Allergen),
    pk(
        "dietary_restrictions_ref_pkey",
        DIETARY_RESTRICTIONS_REF,
        Subject::DietaryRestriction,
    ),
    unique(
        "uq_dietary_restrictions_ref_name",
        DIETARY_RESTRICTIONS_REF,
        &["name"],
        Subject::DietaryRestriction,
    ),
    // health profiles
    pk(
        "health_profiles_pkey",
        HEALTH_PROFILES,
        Subject::HealthProfile,
    ),
    fk(
        "fk_health_profiles_user",
        HEALTH_PROFILES,
        &["user_id"],
        Subject::User,
    ),
    in_range("chk_height_range", HEALTH_PROFILES, "height_cm", &HEIGHT_CM),
    in_range("chk_weight_range", HEALTH_PROFILES, "weight_kg", &WEIGHT_KG),
    check(
        "chk_age_minimum",
        HEALTH_PROFILES,
        "date_of_birth",
        "the user must be at least 13 years old",
    ),
    check(
        "chk_gender_values",
        HEALTH_PROFILES,
        "gender",
        "is not a known gender value",
    ),
    check(
        "chk_activity_level",
        HEALTH_PROFILES,
        "activity_level",
        "is not a known activity level",
    ),
    unique(
        "uq_one_profile_per_user",
        HEALTH_PROFILES,
        &["user_id"],
        Subject::HealthProfile,
    ),
    unique(
        "uq_health_profiles_id_user",
        HEALTH_PROFILES,
        &["id", "user_id"],
        Subject::HealthProfile,
    ),
    rule(
        EMAIL_NOT_VERIFIED,
        HEALTH_PROFILES,
        Kind::Trigger,
        &["user_id"],
        Refusal::Forbidden(Forbidden::EmailNotVerified),
    ),
    // a user's allergies and diets
    pk("user_allergies_pkey", USER_ALLERGIES, Subject::Allergy),
    fk(
        "fk_user_allergies_user",
        USER_ALLERGIES,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_user_allergies_profile",
        USER_ALLERGIES,
        &["health_profile_id", "user_id"],
        Subject::HealthProfile,
    ),
    fk(
        "fk_user_allergies_allergen",
        USER_ALLERGIES,
        &["allergen_id"],
        Subject::Allergen,
    ),
    check(
        "chk_severity_values",
        USER_ALLERGIES,
        "severity",
        "is not a known severity",
    ),
    length("chk_notes_length", USER_ALLERGIES, "notes", &HEALTH_NOTES),
    unique(
        "uq_user_allergen",
        USER_ALLERGIES,
        &["user_id", "allergen_id"],
        Subject::Allergy,
    ),
    pk(
        "user_dietary_restrictions_pkey",
        USER_DIETARY_RESTRICTIONS,
        Subject::DietaryRestriction,
    ),
    fk(
        "fk_user_dietary_restrictions_user",
        USER_DIETARY_RESTRICTIONS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_user_dietary_restrictions_profile",
        USER_DIETARY_RESTRICTIONS,
        &["health_profile_id", "user_id"],
        Subject::HealthProfile,
    ),
    fk(
        "fk_user_dietary_restrictions_restriction",
        USER_DIETARY_RESTRICTIONS,
        &["dietary_restriction_id"],
        Subject::DietaryRestriction,
    ),
    unique(
        "uq_user_dietary_restriction",
        USER_DIETARY_RESTRICTIONS,
        &["user_id", "dietary_restriction_id"],
        Subject::DietaryRestriction,
    ),
    // users.role and refresh tokens (migration 9)
    check("chk_users_role", USERS, "role", "is not a known role"),
    pk("refresh_tokens_pkey", REFRESH_TOKENS, Subject::RefreshToken),
    fk(
        "fk_refresh_tokens_user",
        REFRESH_TOKENS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_refresh_tokens_token_hash_format",
        REFRESH_TOKENS,
        "token_hash",
        "must be a SHA-256 digest in lower-case hex",
    ),
    unique(
        "uq_refresh_tokens_token_hash",
        REFRESH_TOKENS,
        &["token_hash"],
        Subject::RefreshToken,
    ),
    fk(
        "fk_refresh_tokens_replaced_by",
        REFRESH_TOKENS,
        &["replaced_by"],
        Subject::RefreshToken,
    ),
    unique(
        "uq_refresh_tokens_replaced_by",
        REFRESH_TOKENS,
        &["replaced_by"],
        Subject::RefreshToken,
    ),
    check(
        "chk_refresh_tokens_expiry",
        REFRESH_TOKENS,
        "expires_at",
        "must be after created_at",
    ),
    check(
        "chk_refresh_tokens_replaced_after_use",
        REFRESH_TOKENS,
        "replaced_by",
        "only a used token has a successor, and not itself",
    ),
    // payment cards (seed 002 §10.2)
    pk(
        "user_payment_methods_pkey",
        USER_PAYMENT_METHODS,
        Subject::PaymentMethod,
    ),
    fk(
        "fk_user_payment_methods_user",
        USER_PAYMENT_METHODS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_user_payment_methods_key_id",
        USER_PAYMENT_METHODS,
        "encryption_key_id",
        "must be a positive key id",
    ),
    length(
        "chk_user_payment_methods_holder",
        USER_PAYMENT_METHODS,
        "card_holder",
        &CARD_HOLDER,
    ),
    check(
        "chk_user_payment_methods_brand",
        USER_PAYMENT_METHODS,
        "brand",
        "is not a known card brand",
    ),
    check(
        "chk_user_payment_methods_last_four",
        USER_PAYMENT_METHODS,
        "last_four",
        "must be 4 digits",
    ),
    in_range(
        "chk_user_payment_methods_expires_month",
        USER_PAYMENT_METHODS,
        "expires_month",
        &CARD_EXPIRES_MONTH,
    ),
    in_range(
        "chk_user_payment_methods_expires_year",
        USER_PAYMENT_METHODS,
        "expires_year",
        &CARD_EXPIRES_YEAR,
    ),
    unique(
        "uq_user_payment_methods_default",
        USER_PAYMENT_METHODS,
        &["user_id"],
        Subject::DefaultPaymentMethod,
    ),
    // user profiles and preferences (seed 000)
    pk("user_profiles_pkey", USER_PROFILES, Subject::UserProfile),
    fk(
        "fk_user_profiles_user",
        USER_PROFILES,
        &["user_id"],
        Subject::User,
    ),
    unique(
        "uq_user_profiles_user",
        USER_PROFILES,
        &["user_id"],
        Subject::UserProfile,
    ),
    check(
        "chk_user_profiles_language",
        USER_PROFILES,
        "language_preference",
        LANGUAGE_TAG.reason,
    ),
    pk(
        "user_preferences_pkey",
        USER_PREFERENCES,
        Subject::UserPreferences,
    ),
    fk(
        "fk_user_preferences_user",
        USER_PREFERENCES,
        &["user_id"],
        Subject::User,
    ),
    unique(
        "uq_user_preferences_user",
        USER_PREFERENCES,
        &["user_id"],
        Subject::UserPreferences,
    ),
    check(
        "chk_user_preferences_units",
        USER_PREFERENCES,
        "units",
        "is not a known unit system",
    ),
    in_range(
        "chk_user_preferences_max_cooking_time",
        USER_PREFERENCES,
        "max_cooking_time_minutes",
        &MAX_COOKING_MINUTES,
    ),
    check(
        "chk_user_preferences_budget",
        USER_PREFERENCES,
        "budget_per_meal",
        "must not be negative",
    ),
    // medical conditions: reference list and a user's link (shaped like allergies)
    pk(
        "medical_conditions_ref_pkey",
        MEDICAL_CONDITIONS_REF,
        Subject::MedicalCondition,
    ),
    unique(
        "uq_medical_conditions_ref_name",
        MEDICAL_CONDITIONS_REF,
        &["name"],
        Subject::MedicalCondition,
    ),
    pk(
        "user_medical_conditions_pkey",
        USER_MEDICAL_CONDITIONS,
        Subject::MedicalCondition,
    ),
    fk(
        "fk_user_medical_conditions_user",
        USER_MEDICAL_CONDITIONS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_user_medical_conditions_profile",
        USER_MEDICAL_CONDITIONS,
        &["health_profile_id", "user_id"],
        Subject::HealthProfile,
    ),
    fk(
        "fk_user_medical_conditions_condition",
        USER_MEDICAL_CONDITIONS,
        &["condition_id"],
        Subject::MedicalCondition,
    ),
    check(
        "chk_user_medical_conditions_status",
        USER_MEDICAL_CONDITIONS,
        "status",
        "is not a known condition status",
    ),
    length(
        "chk_user_medical_conditions_notes_length",
        USER_MEDICAL_CONDITIONS,
        "notes",
        &HEALTH_NOTES,
    ),
    unique(
        "uq_user_medical_condition",
        USER_MEDICAL_CONDITIONS,
        &["user_id", "condition_id"],
        Subject::MedicalCondition,
    ),
    // fitness goals (seed 002 §3.1)
    pk("fitness_goals_pkey", FITNESS_GOALS, Subject::FitnessGoal),
    fk(
        "fk_fitness_goals_user",
        FITNESS_GOALS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_fitness_goals_profile",
        FITNESS_GOALS,
        &["health_profile_id", "user_id"],
        Subject::HealthProfile,
    ),
    check(
        "chk_fitness_goals_goal_type",
        FITNESS_GOALS,
        "goal_type",
        "is not a known fitness goal type",
    ),
    check(
        "chk_fitness_goals_status",
        FITNESS_GOALS,
        "status",
        "is not a known goal status",
    ),
    in_range(
        "chk_fitness_goals_target_weight",
        FITNESS_GOALS,
        "target_weight_kg",
        &WEIGHT_KG,
    ),
    in_range(
        "chk_fitness_goals_body_fat",
        FITNESS_GOALS,
        "target_body_fat_percent",
        &BODY_FAT_PERCENT,
    ),
    in_range(
        "chk_fitness_goals_weekly_minutes",
        FITNESS_GOALS,
        "weekly_exercise_minutes",
        &WEEKLY_EXERCISE_MINUTES,
    ),
    in_range(
        "chk_fitness_goals_daily_steps",
        FITNESS_GOALS,
        "daily_steps",
        &DAILY_STEPS,
    ),
    in_order(
        "chk_fitness_goals_dates",
        FITNESS_GOALS,
        &FITNESS_GOAL_DATES,
    ),
    check(
        "chk_fitness_goals_ended",
        FITNESS_GOALS,
        "ended_at",
        "is set exactly when the goal is no longer active",
    ),
];
