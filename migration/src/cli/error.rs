//! Every way the CLI fails, and how a failure reaches the terminal: one line on stderr,
//! starting with `error: `, that never holds the database URL or its password.
use std::fmt;
use std::io::Write;

use sea_orm::DbErr;

use super::failure::ConnectFailure;

#[derive(Debug)]
pub enum CliError {
    /// A setting that cannot be used: the URL, an environment variable, `.env`.
    Config(String),
    /// The database could not be reached.
    Connect(ConnectFailure),
    /// The database refused or failed a step; `doing` says which.
    Db { doing: &'static str, source: DbErr },
    /// The process itself could not be set up (the async runtime).
    Startup(std::io::Error),
    /// A check found problems: `report` lists them on stdout, `summary` is the error line.
    Found { report: String, summary: String },
}

impl CliError {
    /// What to print on stdout before the error line (a check's findings), if anything.
    pub fn report(&self) -> Option<&str> {
        match self {
            Self::Found { report, .. } => Some(report),
            _ => None,
        }
    }

    /// A database error met while `doing` something, e.g. `"applying migrations"`.
    pub fn db(doing: &'static str) -> impl FnOnce(DbErr) -> Self {
        move |source| Self::Db { doing, source }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(message) => f.write_str(message),
            Self::Connect(failure) => failure.fmt(f),
            Self::Db { doing, source } => write!(f, "{doing} failed: {source}"),
            Self::Startup(e) => write!(f, "cannot start the async runtime: {e}"),
            Self::Found { summary, .. } => f.write_str(summary),
        }
    }
}

impl std::error::Error for CliError {}

/// Removes the URL's secrets from anything printed: a last line of defence behind messages that
/// are built not to hold them (a driver or server message could still quote one).
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    #[cfg(test)]
    pub fn for_url(url: &str) -> Self {
        Self::for_urls([url])
    }

    pub fn for_urls<'a>(urls: impl IntoIterator<Item = &'a str>) -> Self {
        let mut secrets = Vec::new();
        for url in urls {
            secrets.push(url.to_owned());
            for secret in url_passwords(url) {
                secrets.push(secret.to_owned());
                secrets.push(percent_decode(secret));
            }
        }
        // Longest first, so a password inside the URL does not break up the URL's own match.
        secrets.retain(|s| !s.is_empty());
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Self { secrets }
    }

    /// `message` on one line (a multi-line error, such as sea-orm-migration's list of missing
    /// migration files, is joined with `; `) and with every secret replaced by `***`.
    pub fn one_line(&self, message: &str) -> String {
        let line = message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        self.redact(&line)
    }

    /// `text` with every secret replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            text = text.replace(secret.as_str(), "***");
        }
        text
    }

    /// Prints `error: <message>` as one line on stderr.
    pub fn report(&self, message: &str) {
        let line = self.one_line(message);
        // Nothing is left to tell if stderr itself is gone.
        let _ = writeln!(std::io::stderr().lock(), "error: {line}");
    }
}

/// The passwords a URL carries: `user:PASSWORD@host` and `?password=` (both read by sqlx).
fn url_passwords(url: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let Some((_, rest)) = url.split_once("://") else {
        return found;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let userinfo = authority.rsplit_once('@').map(|(userinfo, _)| userinfo);
    if let Some((_, password)) = userinfo.and_then(|u| u.split_once(':')) {
        found.push(password);
    }
    if let Some((_, query)) = url.split_once('?') {
        for pair in query.split('&') {
            if let Some(("password" | "sslpassword", value)) = pair.split_once('=') {
                found.push(value);
            }
        }
    }
    found
}

/// `%XX` escapes decoded, as the driver decodes a password before using it.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_found_where_the_driver_reads_them() {
        assert_eq!(url_passwords("postgres://u:s3cret@h:5432/db"), ["s3cret"]);
        assert_eq!(
            url_passwords("postgres://u@h/db?sslmode=require&password=p%40ss"),
            ["p%40ss"]
        );
        assert!(url_passwords("postgres://u@h/db").is_empty());
        assert!(url_passwords("sqlite://eatsential.db?mode=rwc").is_empty());
    }

    #[test]
    fn secrets_never_reach_the_line() {
        let url = "postgres://app:p%40ss%2Fw0rd@db.example.com/eatsential";
        let redactor = Redactor::for_url(url);
        let line = redactor.one_line(&format!(
            "cannot use {url}\nserver said: bad password p@ss/w0rd or p%40ss%2Fw0rd"
        ));
        assert_eq!(line, "cannot use ***; server said: bad password *** or ***");
    }

    #[test]
    fn percent_escapes_decode_and_stray_percents_stay() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
