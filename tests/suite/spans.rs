//! What operators see (issue 19): every public service call emits a `tracing` span named after
//! it, with the acting user's id, its statements, the rows it returns and its duration; a slow
//! call logs a WARN with its statements' text, never the values bound to them.
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use entity::types::{MealSlot, Severity, Timestamp};
use service::accounts::{self, Credentials, NewUser, SessionInfo};
use service::health::{self, AllergenRef, AllergyEntry, AllergyInput};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Actor, Db, Error, PoolConfig, recipes};
use tracing::field::{Field, Visit};
use tracing::instrument::WithSubscriber;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::harness::{TestDb, verified_user};

/// A span or an event's fields, each as it would print.
#[derive(Clone, Debug, Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

#[derive(Clone, Debug)]
struct SpanSeen {
    id: u64,
    name: String,
    fields: Fields,
}

#[derive(Clone, Debug)]
struct EventSeen {
    level: Level,
    /// The span the event is in.
    span: Option<String>,
    fields: Fields,
}

/// The service's spans and events (target `service...`), as a layer sees them.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<SpanSeen>>>,
    events: Arc<Mutex<Vec<EventSeen>>>,
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if !attrs.metadata().target().starts_with("service") {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        self.spans.lock().unwrap().push(SpanSeen {
            id: id.into_u64(),
            name: attrs.metadata().name().to_owned(),
            fields,
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        // Ids are reused once a span closes: the open one is the latest with this id.
        let mut spans = self.spans.lock().unwrap();
        if let Some(span) = spans.iter_mut().rev().find(|s| s.id == id.into_u64()) {
            values.record(&mut span.fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with("service") {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        self.events.lock().unwrap().push(EventSeen {
            level: *event.metadata().level(),
            span: ctx.event_span(event).map(|s| s.name().to_owned()),
            fields,
        });
    }
}

/// The process's global subscriber: enables nothing, but has every callsite ask again each
/// time. Without it a span can be off inside [`Capture::run`]: tracing caches each callsite's
/// interest when the callsite is first hit, from the dispatchers then registered, and when
/// ours is the only scoped one it asks only the hitting thread's default. A callsite first hit
/// by another test (`accounts::sign_in`'s, say) is then cached as "never", and stays so for
/// us. Answering "sometimes" here keeps it from ever being "never".
struct AskEachTime;

impl Subscriber for AskEachTime {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        // Never called: nothing is enabled.
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

impl Capture {
    /// Runs `future` with this layer as its subscriber.
    async fn run<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            // Fails only if a global subscriber is set already, which then decides.
            let _ = tracing::subscriber::set_global_default(AskEachTime);
        });
        let subscriber = tracing_subscriber::registry().with(self.clone());
        future.with_subscriber(subscriber).await
    }

    /// The one span named `name`.
    fn span(&self, name: &str) -> SpanSeen {
        let spans = self.spans.lock().unwrap();
        let named: Vec<&SpanSeen> = spans.iter().filter(|s| s.name == name).collect();
        assert_eq!(named.len(), 1, "one span {name}: {spans:#?}");
        named[0].clone()
    }

    /// The one event that ends the call `name`.
    fn end_of(&self, name: &str) -> EventSeen {
        let events = self.events.lock().unwrap();
        let ends: Vec<&EventSeen> = events
            .iter()
            .filter(|e| e.fields.get("call") == Some(name))
            .collect();
        assert_eq!(ends.len(), 1, "one end event for {name}: {events:#?}");
        ends[0].clone()
    }

    /// Every field and message seen, for the check that no secret is among them.
    fn all_text(&self) -> String {
        let spans = self.spans.lock().unwrap();
        let events = self.events.lock().unwrap();
        let fields = spans
            .iter()
            .map(|s| &s.fields)
            .chain(events.iter().map(|e| &e.fields));
        fields
            .flat_map(|f| f.0.iter().map(|(k, v)| format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every `pub async fn` of the service's public modules (except the connection plumbing:
/// `acting`, `autocommit`, `db`, `flight`) carries `#[crate::traced("module::name")]`, named
/// after the module it is reached through: a call added without its span fails here. (The
/// attribute itself refuses a name that does not end with the function's.)
#[test]
fn every_public_call_is_traced() {
    const PLUMBING: &[&str] = &["acting", "autocommit", "db", "flight"];
    fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                rust_files(&entry.unwrap().path(), found);
            }
        } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            found.push(path.to_owned());
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../service/src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';'))
        .filter(|m| !PLUMBING.contains(m))
        .collect();
    assert!(modules.contains(&"nutrition"), "{modules:?}");
    let (mut traced, mut missing) = (0, Vec::new());
    for module in modules {
        let mut files = Vec::new();
        rust_files(&src.join(format!("{module}.rs")), &mut files);
        rust_files(&src.join(module), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some(rest) = line.trim_start().strip_prefix("pub async fn ") else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let wanted = format!("#[crate::traced(\"{module}::{name}\")]");
                // The function's attributes and doc comment: the lines up to the item before.
                let attributes = lines[..i].iter().rev().take_while(|l| {
                    let l = l.trim();
                    !l.is_empty() && !l.ends_with('}') && !l.ends_with(';')
                });
                if attributes.into_iter().any(|l| l.trim() == wanted) {
                    traced += 1;
                } else {
                    missing.push(format!("{}:{}: {module}::{name}", file.display(), i + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "public calls without their span: {missing:#?}"
    );
    assert!(traced > 100, "the scan found only {traced} calls");
}

/// A database of the test's own on `t`'s URL, with `slow_call` and a metric callback of its
/// own (whose count the spans' must equal).
async fn own_db(t: &TestDb, slow_call: Duration) -> (Db, Arc<AtomicUsize>) {
    let pool = PoolConfig {
        slow_call,
        ..PoolConfig::default()
    };
    let mut db = service::connect_with(&t.url, &pool).await.unwrap();
    let counted = Arc::new(AtomicUsize::new(0));
    let counter = counted.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (db, counted)
}

fn soup(name: &str) -> NewMealLog {
    NewMealLog::new(
        Timestamp::now(),
        MealSlot::Lunch,
        MealEntry::Free {
            name: name.into(),
            nutrition: Nutrition::default(),
        },
    )
}

const PASSWORD: &str = "correct horse battery";

fn ada_with(password: &str) -> Credentials {
    Credentials {
        email: "ada@example.com".into(),
        password: password.into(),
    }
}

/// Ada, verified, allergic to peanuts and signed in; her session's token. The session has been
/// looked up once: the first lookup writes its `last_seen_at`, the steady state does not.
async fn ada_signed_in_with_an_allergy(t: &TestDb) -> (Actor, String) {
    let ada = verified_user(t, "ada").await;
    let peanuts = AllergyEntry::new(
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Severe),
    );
    health::set_allergy(&t.db, ada, peanuts).await.unwrap();
    let token = accounts::sign_in(&t.db, ada_with(PASSWORD), SessionInfo::default())
        .await
        .unwrap()
        .token
        .expose()
        .to_owned();
    accounts::resolve_session(&t.db, &token).await.unwrap();
    (ada, token)
}

/// A read, a write and failing calls, with and without an actor; for each call, the number
/// of statements `counted` grew by while it ran.
async fn read_write_and_fail(
    db: &Db,
    ada: Actor,
    token: &str,
    counted: &AtomicUsize,
) -> BTreeMap<&'static str, String> {
    let mut statements = BTreeMap::new();
    let mut before = counted.load(Ordering::SeqCst);
    let mut sent = |name: &'static str| {
        let now = counted.load(Ordering::SeqCst);
        statements.insert(name, (now - before).to_string());
        before = now;
    };
    let allergies = health::list_allergies(db, ada).await.unwrap();
    assert_eq!(allergies.len(), 1);
    sent("health::list_allergies");
    nutrition::log_meal(db, ada, Tz::UTC, soup("Soup"))
        .await
        .unwrap();
    sent("nutrition::log_meal");
    let found = accounts::find_by_email(db, "ada@example.com")
        .await
        .unwrap();
    assert!(found.is_some());
    sent("accounts::find_by_email");
    accounts::resolve_session(db, token).await.unwrap();
    sent("accounts::resolve_session");
    let refused =
        accounts::sign_in(db, ada_with("wrong horse battery"), SessionInfo::default()).await;
    assert!(
        matches!(refused, Err(Error::Unauthenticated(_))),
        "{refused:?}"
    );
    sent("accounts::sign_in");
    let missing = recipes::get(db, ada, uuid::Uuid::new_v4()).await;
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
    sent("recipes::get");
    statements
}

/// What a call's span and end event must carry.
struct CallSeen<'a> {
    call: &'static str,
    actor: Option<&'a str>,
    statements: &'a str,
    rows: Option<&'a str>,
    error: Option<&'a str>,
}

/// The call's span has the expected fields, its statement count is `counted`'s, and its end is
/// one DEBUG event in it, without the statements' text.
fn assert_span_and_end(capture: &Capture, expected: &CallSeen, counted: Option<&String>) {
    let CallSeen {
        call,
        actor,
        statements: sent,
        rows,
        error,
    } = *expected;
    let span = capture.span(call);
    let fields = &span.fields;
    assert_eq!(fields.get("actor"), actor, "{call}: {fields:?}");
    assert_eq!(fields.get("statements"), Some(sent), "{call}: {fields:?}");
    assert_eq!(
        counted.map(String::as_str),
        Some(sent),
        "{call}: the span's count is the metric callback's"
    );
    assert_eq!(fields.get("rows"), rows, "{call}: {fields:?}");
    assert_eq!(fields.get("error"), error, "{call}: {fields:?}");
    let elapsed: f64 = fields.get("elapsed_ms").unwrap().parse().unwrap();
    assert!(elapsed > 0.0, "{call}: {fields:?}");
    let end = capture.end_of(call);
    assert_eq!(end.level, Level::DEBUG, "{call}: {end:?}");
    assert_eq!(end.span.as_deref(), Some(call));
    assert_eq!(end.fields.get("message"), Some("call done"));
    assert_eq!(end.fields.get("statements"), Some(sent));
    assert_eq!(end.fields.get("actor"), actor);
    assert_eq!(
        end.fields.get("sql"),
        None,
        "statements' text only when slow"
    );
}

/// A read, a write and failing calls, with and without an actor: each span has its name, the
/// actor's id (or none), the statements the metric callback saw (the counts
/// `round_trips::statements_per_hot_call` asserts), the rows returned, a duration and the
/// error's kind; its end is one DEBUG event; no email, password or token appears anywhere.
async fn calls_emit_their_spans(t: &TestDb) {
    let (db, counted) = own_db(t, Duration::from_secs(3600)).await;
    let (ada, token) = ada_signed_in_with_an_allergy(t).await;
    let capture = Capture::default();
    let statements = capture
        .run(read_write_and_fail(&db, ada, &token, &counted))
        .await;

    let write = if t.is_pg() { "3" } else { "4" };
    let ada_id = ada.id().to_string();
    let ada_id = Some(ada_id.as_str());
    let call_seen = |call, actor, statements, rows, error| CallSeen {
        call,
        actor,
        statements,
        rows,
        error,
    };
    for expected in [
        call_seen("health::list_allergies", ada_id, "1", Some("1"), None),
        call_seen("nutrition::log_meal", ada_id, write, Some("1"), None),
        call_seen("accounts::find_by_email", None, "1", Some("1"), None),
        call_seen("accounts::resolve_session", None, "1", Some("1"), None),
        call_seen(
            "accounts::sign_in",
            None,
            "1",
            None,
            Some("unauthenticated"),
        ),
        call_seen("recipes::get", ada_id, "1", None, Some("not_found")),
    ] {
        assert_span_and_end(&capture, &expected, statements.get(expected.call));
    }
    let seen = capture.all_text();
    for secret in ["ada@example.com", "horse battery", &token] {
        assert!(
            !seen.contains(secret),
            "{secret:?} in what was traced:\n{seen}"
        );
    }
    db.close().await.unwrap();
}

dual!(calls_emit_their_spans);

/// With the threshold at 0 ms every call is slow: its end is a WARN carrying its statements'
/// text, with placeholders where the values went (a distinctive email, password and meal
/// name, sent as values, appear nowhere).
async fn slow_calls_warn_with_their_statements(t: &TestDb) {
    let (db, _) = own_db(t, Duration::ZERO).await;
    let ada: Actor = verified_user(t, "ada").await;
    // "quokka" has letters no id or hash prints (not hex), so it can only come from a value.
    let email = "quokka@example.com";
    let password = "zebra quokka passphrase";
    let capture = Capture::default();
    capture
        .run(async {
            let none = accounts::find_by_email(&db, email).await.unwrap();
            assert!(none.is_none());
            let new = NewUser {
                username: "quokka".into(),
                email: email.into(),
                password: password.into(),
            };
            accounts::register(&db, new).await.unwrap();
            nutrition::log_meal(&db, ada, Tz::UTC, soup("Quokka stew"))
                .await
                .unwrap();
        })
        .await;

    for (call, table, rows) in [
        // PostgreSQL reads the row through `auth.user_for_login` (migration 20).
        ("accounts::find_by_email", "user", "0"),
        ("accounts::register", "users", "1"),
        ("nutrition::log_meal", "meal_logs", "1"),
    ] {
        let warn = capture.end_of(call);
        let fields = &warn.fields;
        assert_eq!(warn.level, Level::WARN, "{call}: {warn:?}");
        assert_eq!(fields.get("message"), Some("slow call"));
        assert_eq!(fields.get("rows"), Some(rows), "{call}: {fields:?}");
        assert_eq!(
            fields.get("statements"),
            capture.span(call).fields.get("statements"),
            "{call}"
        );
        let sql = fields.get("sql").unwrap();
        assert!(sql.contains(table), "{call}: {sql}");
        assert!(
            sql.contains("SELECT") || sql.contains("INSERT"),
            "{call}: {sql}"
        );
    }
    let seen = capture.all_text();
    for value in ["quokka", "Quokka"] {
        assert!(
            !seen.contains(value),
            "{value:?} in what was traced:\n{seen}"
        );
    }
    db.close().await.unwrap();
}

dual!(slow_calls_warn_with_their_statements);
