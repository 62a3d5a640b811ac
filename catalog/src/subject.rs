//! What a refusal names: the thing that already exists ([`Refusal::Conflict`]) or that does
//! not ([`Refusal::NotFound`]). A closed list, so a caller matches a variant, never a string.
//!
//! [`Refusal::Conflict`]: crate::constraints::Refusal::Conflict
//! [`Refusal::NotFound`]: crate::constraints::Refusal::NotFound

macro_rules! subjects {
    ($($variant:ident => $text:literal,)*) => {
        /// The thing a conflict or a "not found" is about. Its text ([`Subject::as_str`]) is
        /// what error messages and JSON show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Subject {
            $(#[doc = $text] $variant,)*
        }

        impl Subject {
            /// Every subject, in declaration order.
            pub const ALL: &'static [Subject] = &[$(Subject::$variant,)*];

            /// The words error messages and JSON use for it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Subject::$variant => $text,)*
                }
            }
        }
    };
}

subjects! {
    ApiRequest => "API request",
    AccessLogEntry => "access log entry",
    ActiveNutritionGoal => "active nutrition goal",
    Activity => "activity",
    ActivityId => "activity id",
    Allergen => "allergen",
    Allergy => "allergy",
    AuditRecord => "audit record",
    DailyNutrition => "daily nutrition",
    DefaultPaymentMethod => "default payment method",
    DietaryRestriction => "dietary restriction",
    Email => "email",
    Feedback => "feedback",
    FeedbackOnThisRecommendation => "feedback on this recommendation",
    FitnessGoal => "fitness goal",
    FitnessGoalId => "fitness goal id",
    HealthMetric => "health metric",
    HealthMetricId => "health metric id",
    HealthProfile => "health profile",
    Ingredient => "ingredient",
    IngredientAllergen => "ingredient allergen",
    IngredientName => "ingredient name",
    IngredientPosition => "ingredient position",
    IngredientPrice => "ingredient price",
    InventoryItem => "inventory item",
    InventoryItemId => "inventory item id",
    Meal => "meal",
    MealIngredient => "meal ingredient",
    MealLog => "meal log",
    MealLogId => "meal log id",
    MealPlan => "meal plan",
    MealPlanId => "meal plan id",
    MedicalCondition => "medical condition",
    Metric => "metric",
    ModelResult => "model result",
    NutrientTarget => "nutrient target",
    NutritionGoal => "nutrition goal",
    NutritionGoalId => "nutrition goal id",
    NutritionInsight => "nutrition insight",
    Password => "password",
    PasswordHistoryEntry => "password history entry",
    PaymentMethod => "payment method",
    PaymentMethodId => "payment method id",
    PlannedMeal => "planned meal",
    PlannedMealId => "planned meal id",
    PlannedMealInAPrepSession => "planned meal in a prep session",
    PrepSession => "prep session",
    PrepSessionId => "prep session id",
    Rating => "rating",
    Recipe => "recipe",
    RecipeId => "recipe id",
    RecipeIngredient => "recipe ingredient",
    RecipeNutrition => "recipe nutrition",
    RecipeStep => "recipe step",
    Recommendation => "recommendation",
    ReferencedRecord => "referenced record",
    RefreshToken => "refresh token",
    Restaurant => "restaurant",
    Session => "session",
    ShoppingItem => "shopping item",
    ShoppingItemId => "shopping item id",
    ShoppingList => "shopping list",
    ShoppingListId => "shopping list id",
    StepNumber => "step number",
    Tag => "tag",
    User => "user",
    UserPreferences => "user preferences",
    UserProfile => "user profile",
    Username => "username",
    VerificationToken => "verification token",
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
