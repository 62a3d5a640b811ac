//! The routes. Each handler reads its input straight into the service's own input type
//! (`service::input::from_json` for a body, `from_query` for a query string: a value that does
//! not parse is a 422 naming the field), makes one service call (or several in one
//! transaction), and answers with the service's output type as JSON. Errors go out the same
//! way everywhere: `Error::http_status()` and the `Error` itself as the body.
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use service::accounts::{self, Account, NewSession, SessionInfo};
use service::input::{from_json, from_query};
use service::recommendations::RecommendationRequest;
use service::{
    Actor, AuthFailure, Db, Error, Subject, catalogue, health, nutrition, recipes, recommendations,
    restaurants,
};

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    /// `API_DEV_TOKENS=1`: registrations answer with their verification token.
    pub dev_tokens: bool,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/users", post(register))
        .route("/users/verify", post(verify_email))
        .route("/sessions", post(sign_in))
        .route("/sessions/current", delete(sign_out))
        .route("/me/allergies", get(list_allergies).put(set_allergy))
        .route("/allergens", get(list_allergens))
        .route("/ingredients", get(list_ingredients))
        .route("/recipes", post(create_recipe).get(search_recipes))
        .route("/recipes/{id}", get(get_recipe))
        .route("/me/meals", post(log_meal))
        .route("/me/progress", get(get_progress))
        .route("/restaurants", get(search_restaurants))
        .route("/me/recommendations", get(recommend))
        .with_state(app)
}

/// A service error as a response.
pub struct ApiError(Error);

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        Self(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            // The body says only `internal` (or `unavailable`); the cause is for the log.
            eprintln!("api: {status}: {}", self.0);
        }
        let mut response = (status, Json(&self.0)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

type Answer<T> = Result<T, ApiError>;

/// The signed-in caller: who the `Authorization: Bearer <token>` session is. A request without
/// one, or whose session is unknown, expired or revoked, is answered 401 before the handler
/// runs.
pub struct Caller {
    actor: Actor,
    token: String,
}

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or(Error::Unauthenticated(AuthFailure::SessionUnknown))?;
        let session = accounts::resolve_session(&app.db, token).await?;
        Ok(Self {
            actor: session.actor(),
            token: token.to_owned(),
        })
    }
}

/// `POST /users` with `API_DEV_TOKENS=1`: the account and the token its email would carry.
#[derive(Serialize)]
struct WithVerificationToken<'a> {
    #[serde(flatten)]
    account: &'a Account,
    verification_token: &'a str,
}

async fn register(State(app): State<App>, body: Bytes) -> Answer<Response> {
    let registered = accounts::register(&app.db, from_json(&body)?).await?;
    // A real application emails `registered.verification_token.expose()` here.
    if app.dev_tokens {
        let answer = WithVerificationToken {
            account: &registered.user,
            verification_token: registered.verification_token.expose(),
        };
        return Ok((StatusCode::CREATED, Json(answer)).into_response());
    }
    Ok((StatusCode::CREATED, Json(registered.user)).into_response())
}

/// `POST /users/verify`'s body: `accounts::verify_email` takes the token alone.
#[derive(Deserialize)]
struct VerificationBody {
    token: String,
}

async fn verify_email(State(app): State<App>, body: Bytes) -> Answer<Json<Account>> {
    let VerificationBody { token } = from_json(&body)?;
    Ok(Json(accounts::verify_email(&app.db, &token).await?))
}

/// `POST /sessions`: the session and, once, its token (which `NewSession` does not serialise).
#[derive(Serialize)]
struct SignedIn<'a> {
    #[serde(flatten)]
    session: &'a NewSession,
    token: &'a str,
}

async fn sign_in(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<Response> {
    let info = SessionInfo {
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok())
            .map(str::to_owned),
        ip_address: Some(peer.ip().to_string()),
    };
    let signed_in = accounts::sign_in(&app.db, from_json(&body)?, info).await?;
    let answer = SignedIn {
        session: &signed_in,
        token: signed_in.token.expose(),
    };
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

async fn sign_out(State(app): State<App>, caller: Caller) -> Answer<StatusCode> {
    accounts::end_session(&app.db, &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_allergies(State(app): State<App>, caller: Caller) -> Answer<Response> {
    Ok(Json(health::list_allergies(&app.db, caller.actor).await?).into_response())
}

async fn set_allergy(State(app): State<App>, caller: Caller, body: Bytes) -> Answer<Response> {
    let entry: health::AllergyEntry = from_json(&body)?;
    let allergy = health::set_allergy(&app.db, caller.actor, entry).await?;
    Ok(Json(allergy).into_response())
}

async fn list_allergens(State(app): State<App>) -> Answer<Response> {
    Ok(Json(catalogue::list_allergens(&app.db).await?).into_response())
}

async fn list_ingredients(State(app): State<App>, RawQuery(query): RawQuery) -> Answer<Response> {
    let query: catalogue::IngredientQuery = from_query(query.as_deref().unwrap_or_default())?;
    Ok(Json(catalogue::list_ingredients(&app.db, &query).await?).into_response())
}

async fn create_recipe(State(app): State<App>, caller: Caller, body: Bytes) -> Answer<Response> {
    let input: recipes::RecipeInput = from_json(&body)?;
    let recipe = recipes::create(&app.db, caller.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(recipe)).into_response())
}

async fn get_recipe(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Answer<Response> {
    // An id that is not a UUID names no recipe, like one that is not there.
    let id = id.parse().map_err(|_| Error::NotFound {
        what: Subject::Recipe,
    })?;
    Ok(Json(recipes::get(&app.db, caller.actor, id).await?).into_response())
}

async fn search_recipes(
    State(app): State<App>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Answer<Response> {
    let query: recipes::SearchQuery = from_query(query.as_deref().unwrap_or_default())?;
    Ok(Json(recipes::search(&app.db, caller.actor, &query).await?).into_response())
}

async fn log_meal(State(app): State<App>, caller: Caller, body: Bytes) -> Answer<Response> {
    let new: nutrition::NewMealLog = from_json(&body)?;
    // The day a meal counts on is the user's local date: their time zone and the log are read
    // and written in one transaction.
    let txn = service::begin(&app.db, caller.actor).await?;
    let tz = nutrition::get_time_zone(&txn, caller.actor).await?;
    let log = nutrition::log_meal(&txn, caller.actor, tz, new).await?;
    txn.commit().await.map_err(Error::from)?;
    Ok((StatusCode::CREATED, Json(log)).into_response())
}

/// `GET /me/progress`'s query: `nutrition::get_progress` takes the two dates as arguments.
#[derive(Deserialize)]
struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

async fn get_progress(
    State(app): State<App>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Answer<Response> {
    let DateRange { from, to } = from_query(query.as_deref().unwrap_or_default())?;
    Ok(Json(nutrition::get_progress(&app.db, caller.actor, from, to).await?).into_response())
}

async fn search_restaurants(State(app): State<App>, RawQuery(query): RawQuery) -> Answer<Response> {
    let query: restaurants::NearbyQuery = from_query(query.as_deref().unwrap_or_default())?;
    Ok(Json(restaurants::search_nearby(&app.db, &query).await?).into_response())
}

async fn recommend(
    State(app): State<App>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Answer<Response> {
    let query = query.unwrap_or_default();
    let mut request: RecommendationRequest = from_query(&query)?;
    // A GET reads: nothing is recorded as shown, whatever the query says.
    request.record = false;
    if !names_parameter(&query, "today") {
        // "Today" is the user's, in their time zone (UTC without a profile).
        let tz = nutrition::get_time_zone(&app.db, caller.actor).await?;
        request.today = chrono::Utc::now().with_timezone(&tz).date_naive();
    }
    let found = recommendations::recommend(&app.db, caller.actor, &request).await?;
    Ok(Json(found).into_response())
}

/// Whether a query string gives `name` (with a value or without).
fn names_parameter(query: &str, name: &str) -> bool {
    query
        .split('&')
        .any(|pair| pair.split('=').next() == Some(name))
}
