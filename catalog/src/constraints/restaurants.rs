//! The rules of restaurants, their meals, recommendations and feedback (migration 15), table by table.
use crate::Subject;
use crate::limits::RATING;
use crate::limits::restaurants::{
    self, FEEDBACK_COMMENT, MEAL_ENERGY_KCAL, NAME, PRICE_RANGE, SCORE,
};
use crate::tables::{FEEDBACK, MEAL_INGREDIENTS, MEALS, RECOMMENDATIONS, RESTAURANTS};

use super::{Kind, Refusal, Rule, check, fk, in_range, length, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[
    // restaurants
    pk("restaurants_pkey", RESTAURANTS, Subject::Restaurant),
    in_range(
        "chk_restaurants_rating",
        RESTAURANTS,
        "rating",
        &restaurants::RATING,
    ),
    in_range(
        "chk_restaurants_price_range",
        RESTAURANTS,
        "price_range",
        &PRICE_RANGE,
    ),
    check(
        "chk_restaurants_coordinates",
        RESTAURANTS,
        "location",
        restaurants::COORDINATES.check_reason,
    ),
    check(
        "chk_restaurants_location_pair",
        RESTAURANTS,
        "location",
        "needs both latitude and longitude, or neither",
    ),
    length("chk_restaurants_name", RESTAURANTS, "name", &NAME),
    check(
        "chk_restaurants_country",
        RESTAURANTS,
        "country",
        restaurants::COUNTRY.reason,
    ),
    // meals
    pk("meals_pkey", MEALS, Subject::Meal),
    fk(
        "fk_meals_restaurant",
        MEALS,
        &["restaurant_id"],
        Subject::Restaurant,
    ),
    unique(
        "uq_meals_restaurant",
        MEALS,
        &["id", "restaurant_id"],
        Subject::Meal,
    ),
    check("chk_meals_price", MEALS, "price", "must be more than 0"),
    in_range("chk_meals_energy", MEALS, "energy_kcal", &MEAL_ENERGY_KCAL),
    check(
        "chk_meals_nutrients",
        MEALS,
        "nutrients",
        "must not be negative",
    ),
    length("chk_meals_name", MEALS, "name", &NAME),
    // meal_ingredients
    rule(
        "meal_ingredients_pkey",
        MEAL_INGREDIENTS,
        Kind::PrimaryKey,
        &["meal_id", "ingredient_id"],
        Refusal::Conflict {
            what: Subject::MealIngredient,
        },
    ),
    fk(
        "fk_meal_ingredients_meal",
        MEAL_INGREDIENTS,
        &["meal_id"],
        Subject::Meal,
    ),
    fk(
        "fk_meal_ingredients_ingredient",
        MEAL_INGREDIENTS,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
    check(
        "chk_meal_ingredients_quantity",
        MEAL_INGREDIENTS,
        "quantity",
        "must be more than 0",
    ),
    check(
        "chk_meal_ingredients_unit",
        MEAL_INGREDIENTS,
        "unit",
        "is not a known unit",
    ),
    // recommendations
    pk(
        "recommendations_pkey",
        RECOMMENDATIONS,
        Subject::Recommendation,
    ),
    fk(
        "fk_recommendations_user",
        RECOMMENDATIONS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_recommendations_meal",
        RECOMMENDATIONS,
        &["meal_id", "restaurant_id"],
        Subject::Meal,
    ),
    unique(
        "uq_recommendations_owner",
        RECOMMENDATIONS,
        &["id", "user_id", "meal_id"],
        Subject::Recommendation,
    ),
    in_range(
        "chk_recommendations_score",
        RECOMMENDATIONS,
        "score",
        &SCORE,
    ),
    check(
        "chk_recommendations_distance",
        RECOMMENDATIONS,
        "distance_km",
        "must not be negative",
    ),
    check(
        "chk_recommendations_status",
        RECOMMENDATIONS,
        "status",
        "is not a known recommendation status",
    ),
    // feedback
    pk("feedback_pkey", FEEDBACK, Subject::Feedback),
    fk("fk_feedback_user", FEEDBACK, &["user_id"], Subject::User),
    fk("fk_feedback_meal", FEEDBACK, &["meal_id"], Subject::Meal),
    fk(
        "fk_feedback_recommendation",
        FEEDBACK,
        &["recommendation_id", "user_id", "meal_id"],
        Subject::Recommendation,
    ),
    unique(
        "uq_feedback_recommendation",
        FEEDBACK,
        &["recommendation_id"],
        Subject::FeedbackOnThisRecommendation,
    ),
    in_range("chk_feedback_rating", FEEDBACK, "rating", &RATING),
    length(
        "chk_feedback_comment",
        FEEDBACK,
        "comment",
        &FEEDBACK_COMMENT,
    ),
];
