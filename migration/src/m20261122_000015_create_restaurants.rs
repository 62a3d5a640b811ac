//! Restaurants near a point, their meals, safe meal recommendations and feedback (seed 002
//! §3.1, §4.4, §5.2).
//!
//! `restaurants` and `meals` are shared catalogue data: no owner, no row-level security,
//! written by the admin/write role. `recommendations` and `feedback` are a user's rows
//! (`Conventions::owned_by_user`). The seed's PostGIS index is replaced by a
//! [`PointIndex`]: a GiST index on `point(longitude, latitude)` on PostgreSQL, an R*Tree kept in
//! step by triggers on SQLite (`docs/DESIGN.md` D11, D31).
use crate::lint::{self, Exception};
use catalog::limits::RATING;
use catalog::limits::restaurants::{self, FEEDBACK_COMMENT};
use entity::types::{RecommendationStatus, Unit};
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use crate::portable::{
    Index, NewTable, PointIndex, capitals_format, drop_tables, one_of_enum, row_triggers, run_sql,
};
use catalog::tables::{
    FEEDBACK, INGREDIENTS, MEAL_INGREDIENTS, MEALS, RECOMMENDATIONS, RESTAURANTS,
    RESTAURANTS_LOCATION_INDEX, RESTAURANTS_RTREE,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// The spatial index on restaurants' locations.
pub const LOCATION_INDEX: PointIndex<'static> = PointIndex {
    table: RESTAURANTS,
    key: "id",
    latitude: "latitude",
    longitude: "longitude",
    name: RESTAURANTS_LOCATION_INDEX,
    rtree: RESTAURANTS_RTREE,
};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, RESTAURANTS)
            .id()
            .varchar("name", restaurants::NAME.varchar())
            .varchar_null("cuisine_type", restaurants::CUISINE_TYPE.varchar())
            // Unbounded: the service limits it (`restaurants::ADDRESS`).
            .text("address")
            .varchar("city", restaurants::CITY.varchar())
            .varchar("state", restaurants::STATE.varchar())
            .varchar("zip_code", restaurants::ZIP_CODE.varchar())
            // ISO 3166-1 alpha-2. The seed leaves it nullable with a default; a restaurant is
            // always somewhere, so it is NOT NULL with the same default.
            .varchar_default("country", restaurants::COUNTRY.varchar(), "US")
            // Exact degrees (seed: DECIMAL(10, 8) and DECIMAL(11, 8)); both or neither.
            .decimal_null("latitude", 10, 8)
            .decimal_null("longitude", 11, 8)
            .varchar_null("phone", restaurants::PHONE.varchar())
            .varchar_null("website", restaurants::WEBSITE.varchar())
            .json_null("hours")
            .decimal_null("rating", 2, 1)
            .integer_null("price_range")
            .boolean("is_active", true)
            .timestamps()
            // The seed's chk_rating_range, chk_price_range and chk_coordinates, named after the
            // table: CHECK names are unique schema-wide and recipes have a rating too.
            .check("chk_restaurants_rating", &restaurants::RATING.sql("rating"))
            .check(
                "chk_restaurants_price_range",
                &restaurants::PRICE_RANGE.sql("price_range"),
            )
            .check(
                "chk_restaurants_coordinates",
                &restaurants::COORDINATES.sql("latitude", "longitude"),
            )
            .check(
                "chk_restaurants_location_pair",
                "(latitude IS NULL) = (longitude IS NULL)",
            )
            .check("chk_restaurants_name", &restaurants::NAME.sql("name"))
            .check(
                "chk_restaurants_country",
                &capitals_format(backend, "country", &restaurants::COUNTRY),
            )
            .then_all(LOCATION_INDEX.create(backend))
            .then_all(row_triggers(backend, RESTAURANTS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, MEALS)
            .id()
            .uuid("restaurant_id")
            .varchar("name", restaurants::NAME.varchar())
            // Unbounded: the service limits it (`restaurants::MEAL_DESCRIPTION`).
            .text_null("description")
            .varchar_null("category", restaurants::MEAL_CATEGORY.varchar())
            .decimal("price", 10, 2)
            // Seed 002's `calories`, named `energy_kcal` like every table holding nutrition;
            // per portion.
            .integer_null("energy_kcal")
            .decimal_null("protein_g", 5, 1)
            .decimal_null("carbs_g", 5, 1)
            .decimal_null("fat_g", 5, 1)
            .decimal_null("fiber_g", 5, 1)
            .decimal_null("sugar_g", 5, 1)
            .integer_null("sodium_mg")
            .varchar_null("image_url", restaurants::MEAL_IMAGE_URL.varchar())
            .boolean("is_available", true)
            .timestamps()
            .check("chk_meals_price", "price > 0")
            .check(
                "chk_meals_energy",
                &restaurants::MEAL_ENERGY_KCAL.sql("energy_kcal"),
            )
            .check(
                "chk_meals_nutrients",
                "protein_g >= 0 AND carbs_g >= 0 AND fat_g >= 0 AND fiber_g >= 0 \
                 AND sugar_g >= 0 AND sodium_mg >= 0",
            )
            .check("chk_meals_name", &restaurants::NAME.sql("name"))
            .foreign_key(
                "fk_meals_restaurant",
                &["restaurant_id"],
                RESTAURANTS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            // The target of recommendations' composite key: a recommendation's restaurant is
            // its meal's.
            .unique("uq_meals_restaurant", &["id", "restaurant_id"])
            // Seed 002 §5.2: a restaurant's available meals under an energy bound. It serves
            // the foreign key too, so the seed's single-column indexes are left out (D10).
            .index(Index::new(
                "idx_meals_search",
                "restaurant_id, is_available, energy_kcal",
            ))
            .then_all(row_triggers(backend, MEALS, true, None))
            .create(manager)
            .await?;

        // A meal's ingredients from the shared catalogue: what its safety verdict reads. One
        // line per ingredient; the list is replaced as a whole by the service.
        NewTable::new(backend, MEAL_INGREDIENTS)
            .uuid("meal_id")
            .uuid("ingredient_id")
            .decimal("quantity", 10, 3)
            .varchar("unit", 10)
            .primary_key(&["meal_id", "ingredient_id"])
            .check("chk_meal_ingredients_quantity", "quantity > 0")
            .check("chk_meal_ingredients_unit", &one_of_enum::<Unit>("unit"))
            .foreign_key(
                "fk_meal_ingredients_meal",
                &["meal_id"],
                MEALS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            // Restrict: deleting an ingredient still listed would make meals look safer
            // than they are.
            .foreign_key(
                "fk_meal_ingredients_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            .index(Index::new(
                "idx_meal_ingredients_ingredient",
                "ingredient_id",
            ))
            .create(manager)
            .await?;

        NewTable::new(backend, RECOMMENDATIONS)
            .id()
            .owned_by_user()
            .uuid("meal_id")
            .uuid("restaurant_id")
            // 0 to 100; its parts are in `reason_details`.
            .decimal("score", 5, 2)
            .decimal("distance_km", 8, 3)
            .text("reason")
            .json("reason_details")
            .varchar_default("status", 20, "shown")
            .timestamps()
            .check(
                "chk_recommendations_score",
                &restaurants::SCORE.sql("score"),
            )
            .check("chk_recommendations_distance", "distance_km >= 0")
            .check(
                "chk_recommendations_status",
                &one_of_enum::<RecommendationStatus>("status"),
            )
            .foreign_key(
                "fk_recommendations_meal",
                &["meal_id", "restaurant_id"],
                MEALS,
                &["id", "restaurant_id"],
                ForeignKeyAction::Cascade,
            )
            // The targets of feedback's composite key.
            .unique("uq_recommendations_owner", &["id", "user_id", "meal_id"])
            // "This user's latest".
            .index(Index::new(
                "idx_recommendations_user_latest",
                "user_id, created_at DESC",
            ))
            .index(Index::new(
                "idx_recommendations_meal",
                "meal_id, restaurant_id",
            ))
            .then_all(row_triggers(backend, RECOMMENDATIONS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, FEEDBACK)
            .id()
            .owned_by_user()
            // Feedback is always about a meal; on a recommendation it names that too.
            .uuid_null("recommendation_id")
            .uuid("meal_id")
            .integer("rating")
            .text_null("comment")
            .timestamp_now("created_at")
            .check("chk_feedback_rating", &RATING.sql("rating"))
            .check("chk_feedback_comment", &FEEDBACK_COMMENT.sql("comment"))
            .foreign_key(
                "fk_feedback_meal",
                &["meal_id"],
                MEALS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            // The recommendation is the same user's, about the same meal.
            .foreign_key(
                "fk_feedback_recommendation",
                &["recommendation_id", "user_id", "meal_id"],
                RECOMMENDATIONS,
                &["id", "user_id", "meal_id"],
                ForeignKeyAction::Cascade,
            )
            .unique("uq_feedback_recommendation", &["recommendation_id"])
            .index(Index::new("idx_feedback_user", "user_id, created_at"))
            .index(Index::new("idx_feedback_meal", "meal_id"))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        drop_tables(
            manager,
            &[FEEDBACK, RECOMMENDATIONS, MEAL_INGREDIENTS, MEALS],
        )
        .await?;
        run_sql(manager, &LOCATION_INDEX.drop(backend)).await?;
        drop_tables(manager, &[RESTAURANTS]).await
    }
}
