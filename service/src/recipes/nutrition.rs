//! Nutrition per serving of a recipe's lines, computed exactly from the catalogue.
use super::*;

/// Nutrition per serving of `lines` (ingredient, quantity, unit), from `catalogue`, exactly,
/// rounded half away from zero to 2 decimals at the end.
///
/// # Errors
/// [`Error::Validation`] on `ingredients[i].ingredient_id` for an ingredient not in the
/// catalogue, on `ingredients[i].unit` for a quantity that cannot be turned into grams.
pub fn nutrition_per_serving(
    lines: &[(Uuid, Decimal, Unit)],
    servings: i32,
    catalogue: &HashMap<Uuid, ingredients::Model>,
) -> Result<Nutrition> {
    let mut total = [Decimal::ZERO; 7];
    let overflow = || Error::invalid("ingredients", "the quantities are too large");
    for (i, (id, quantity, unit)) in lines.iter().enumerate() {
        let ingredient = catalogue.get(id).ok_or_else(|| {
            Error::invalid(
                format!("ingredients[{i}].ingredient_id"),
                "is not a known ingredient",
            )
        })?;
        let grams = unit
            .to_grams(
                *quantity,
                ingredient.grams_per_ml.map(Numeric::value),
                ingredient.grams_per_piece.map(Numeric::value),
            )
            .ok_or_else(|| {
                let missing = match unit.kind() {
                    UnitKind::Volume => "grams per millilitre",
                    _ => "grams per piece",
                };
                Error::invalid(
                    format!("ingredients[{i}].unit"),
                    format!(
                        "{} cannot be measured in {unit:?}: its {missing} is unknown",
                        ingredient.name
                    ),
                )
            })?;
        let per_100g = [
            ingredient.energy_kcal.value(),
            ingredient.protein_g.value(),
            ingredient.carbs_g.value(),
            ingredient.fat_g.value(),
            ingredient.fiber_g.value(),
            ingredient.sugar_g.value(),
            ingredient.sodium_mg.value(),
        ];
        for (sum, value) in total.iter_mut().zip(per_100g) {
            let amount = value.checked_mul(grams).ok_or_else(overflow)?;
            *sum = sum.checked_add(amount).ok_or_else(overflow)?;
        }
    }
    let divisor = Decimal::from(servings) * Decimal::ONE_HUNDRED;
    let per_serving = total.map(|sum| {
        let mut v =
            (sum / divisor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        v
    });
    Ok(Nutrition::from_fields(per_serving))
}

/// The catalogue rows of the ingredients `lines` name, in one query.
pub(super) async fn catalogue_for<C: ConnectionTrait>(
    db: &C,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, ingredients::Model>> {
    let ids: HashSet<Uuid> = ids.collect();
    Ok(ingredients::Entity::find()
        .filter(ingredients::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nutrition_rounds_once_at_the_end() {
        let id = Uuid::from_u128(1);
        let n = |s: &str| s.parse::<Decimal>().unwrap();
        let ingredient = ingredients::Model {
            id,
            name: "Thing".into(),
            category: entity::types::IngredientCategory::Other,
            energy_kcal: Numeric::new(n("100")).unwrap(),
            protein_g: Numeric::new(n("0.01")).unwrap(),
            carbs_g: Numeric::new(n("0")).unwrap(),
            fat_g: Numeric::new(n("0")).unwrap(),
            fiber_g: Numeric::new(n("0")).unwrap(),
            sugar_g: Numeric::new(n("0")).unwrap(),
            sodium_mg: Numeric::new(n("0")).unwrap(),
            grams_per_piece: None,
            grams_per_ml: None,
            created_at: entity::types::Timestamp::now(),
            updated_at: entity::types::Timestamp::now(),
        };
        let catalogue = HashMap::from([(id, ingredient)]);
        // 3 lines of 50 g: protein 3 x 0.005 = 0.015 g over 1 serving -> 0.02 (each line
        // rounded first would give 0.00 + 0.00 + 0.00, or 3 x 0.01 = 0.03).
        let lines = [(id, n("50"), Unit::G); 3];
        let got = nutrition_per_serving(&lines, 1, &catalogue).unwrap();
        assert_eq!(got.protein_g, n("0.02"));
        assert_eq!(got.energy_kcal, n("150.00"));
        let cup = [(id, n("1"), Unit::Cup)];
        assert!(matches!(
            nutrition_per_serving(&cup, 1, &catalogue),
            Err(Error::Validation { field, .. }) if field == "ingredients[0].unit"
        ));
    }
}
