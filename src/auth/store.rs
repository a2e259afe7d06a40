//! Where refresh tokens live between runs: a [`TokenStore`], one entry per client id,
//! environment and tenant. [`FileTokenStore`] writes JSON atomically (a temporary file, then a
//! rename) and, on Unix, readable by the owner only (`0600`); [`MemoryTokenStore`] is for tests
//! and for apps that keep tokens elsewhere.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{AuthError, OAuthEnvironment};
use crate::model::Secret;
use crate::time::{format_rfc3339, parse_rfc3339};

/// Which sign-in a stored token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoreKey {
    /// The app registration's client id.
    pub client_id: String,
    /// Production or Sandbox.
    pub environment: OAuthEnvironment,
    /// The tenant signed in through (`common`, `organizations`, a tenant id).
    pub tenant: String,
    /// A Partner Center (App+User) token rather than a Microsoft Advertising one.
    pub partner_center: bool,
}

impl StoreKey {
    /// The key as the file writes it: `client-id/production/common[/partner-center]`.
    pub fn as_text(&self) -> String {
        let environment = match self.environment {
            OAuthEnvironment::Production => "production",
            OAuthEnvironment::Sandbox => "sandbox",
        };
        let mut text = format!("{}/{environment}/{}", self.client_id, self.tenant);
        if self.partner_center {
            text.push_str("/partner-center");
        }
        text
    }

    fn from_text(text: &str) -> Option<StoreKey> {
        let mut parts = text.split('/');
        let client_id = parts.next()?.to_string();
        let environment = match parts.next()? {
            "production" => OAuthEnvironment::Production,
            "sandbox" => OAuthEnvironment::Sandbox,
            _ => return None,
        };
        let tenant = parts.next()?.to_string();
        let partner_center = match parts.next() {
            None => false,
            Some("partner-center") => true,
            Some(_) => return None,
        };
        Some(StoreKey {
            client_id,
            environment,
            tenant,
            partner_center,
        })
    }
}

/// One stored sign-in. `Debug` shows no token.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredToken {
    /// The refresh token (the one that matters: Microsoft rotates it).
    pub refresh_token: Secret,
    /// The last access token and when it expires, so a new process need not fetch one.
    pub access_token: Option<(Secret, SystemTime)>,
    /// When the refresh token was issued: it expires after 90 days without use.
    pub refresh_issued_at: SystemTime,
    /// Who signed in (`preferred_username` of the ID token), when known.
    pub account: Option<String>,
    /// The scope granted.
    pub scope: Option<String>,
}

impl fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredToken")
            .field("refresh_token", &self.refresh_token)
            .field(
                "access_token_expires",
                &self
                    .access_token
                    .as_ref()
                    .map(|(_, at)| format_rfc3339(*at)),
            )
            .field("refresh_issued_at", &format_rfc3339(self.refresh_issued_at))
            .field("account", &self.account)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Keeps refresh tokens between runs. Implementations must make `save` durable before it
/// returns: [`super::OAuthRefreshToken`] saves a rotated refresh token before it hands out
/// the access token that came with it.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The entry for `key`, if any.
    fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, AuthError>;
    /// Replaces the entry for `key`.
    fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), AuthError>;
    /// Removes the entry for `key`; whether there was one.
    fn remove(&self, key: &StoreKey) -> Result<bool, AuthError>;
    /// Every entry, in key order.
    fn list(&self) -> Result<Vec<(StoreKey, StoredToken)>, AuthError>;

    /// Takes the store's lock if no one holds it (`None`: someone does, try again later).
    /// A refresh holds it from reading the newest refresh token to saving the rotated one
    /// ([`TokenStore::save_locked`]), so two processes never redeem or save over each other.
    /// Stores without other writers need none (the default).
    fn try_lock(&self) -> Result<Option<StoreLock>, AuthError> {
        Ok(Some(StoreLock { _file: None }))
    }

    /// [`TokenStore::save`] by the holder of `lock` (from this store's
    /// [`TokenStore::try_lock`]).
    fn save_locked(
        &self,
        lock: &StoreLock,
        key: &StoreKey,
        token: &StoredToken,
    ) -> Result<(), AuthError> {
        let _ = lock;
        self.save(key, token)
    }
}

/// A store's lock; released when dropped. For [`FileTokenStore`] an OS file lock (`flock`,
/// `LockFileEx`) on `<store>.lock`, which every process saving to the store takes.
#[derive(Debug)]
pub struct StoreLock {
    _file: Option<std::fs::File>,
}

/// How long a save waits for another process to release the store.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// How often a waiting save tries the lock again.
pub(crate) const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(15);

/// Tokens in memory only.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    entries: Mutex<BTreeMap<StoreKey, StoredToken>>,
    /// How many saves were made (tests assert that concurrent refreshes save once).
    saves: std::sync::atomic::AtomicU64,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many times [`TokenStore::save`] was called.
    pub fn saves(&self) -> u64 {
        self.saves.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, BTreeMap<StoreKey, StoredToken>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, AuthError> {
        Ok(self.entries().get(key).cloned())
    }

    fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), AuthError> {
        self.saves.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.entries().insert(key.clone(), token.clone());
        Ok(())
    }

    fn remove(&self, key: &StoreKey) -> Result<bool, AuthError> {
        Ok(self.entries().remove(key).is_some())
    }

    fn list(&self) -> Result<Vec<(StoreKey, StoredToken)>, AuthError> {
        Ok(self
            .entries()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
}

/// Tokens in a JSON file (`{"version": 1, "tokens": {"client/production/common": {…}}}`),
/// written atomically and, on Unix, with mode `0600` (its directory `0700` when created).
///
/// Every read-modify-write holds an OS file lock on `<file>.lock` (beside the store; it is
/// never removed, so every process locks the same file), so saves from many processes keep
/// every entry. On Unix an existing store or directory that group or others can read is
/// refused with the `chmod` that fixes it, as ssh refuses a readable key.
#[derive(Debug)]
pub struct FileTokenStore {
    path: PathBuf,
}

#[derive(Serialize, Deserialize, Default)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    tokens: BTreeMap<String, FileEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    refresh_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token_expires_at: Option<String>,
    refresh_token_issued_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

impl FileTokenStore {
    /// A store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore { path: path.into() }
    }

    /// The default file: `$BINGADS_TOKEN_STORE`, else `bingads/tokens.json` in the user's
    /// configuration directory (`$XDG_CONFIG_HOME` or `~/.config` on Linux,
    /// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("BINGADS_TOKEN_STORE").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path));
        }
        let home = || {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from)
        };
        let base = if cfg!(windows) {
            std::env::var_os("APPDATA").map(PathBuf::from)
        } else if cfg!(target_os = "macos") {
            home().map(|h| h.join("Library/Application Support"))
        } else {
            std::env::var_os("XDG_CONFIG_HOME")
                .filter(|x| !x.is_empty())
                .map(PathBuf::from)
                .or_else(|| home().map(|h| h.join(".config")))
        }?;
        Some(base.join("bingads").join("tokens.json"))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, message: impl Into<String>) -> AuthError {
        AuthError::Store {
            path: self.path.display().to_string(),
            message: message.into(),
        }
    }

    fn read(&self) -> Result<FileFormat, AuthError> {
        let empty = || FileFormat {
            version: 1,
            ..FileFormat::default()
        };
        if let Some(dir) = self.dir() {
            if dir.exists() {
                check_private(dir, true).map_err(|m| self.error(m))?;
            }
        }
        let text = match std::fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(empty()),
            Err(e) => return Err(self.error(format!("cannot read: {e}"))),
        };
        check_private(&self.path, false).map_err(|m| self.error(m))?;
        let file: FileFormat = serde_json::from_slice(&text).map_err(|e| {
            // serde_json's message can quote the value it met (a token): only its class and
            // where it is are said.
            let what = match e.classify() {
                serde_json::error::Category::Io => "cannot be read",
                serde_json::error::Category::Syntax => "is not JSON",
                serde_json::error::Category::Data => "is not in the token store's form",
                serde_json::error::Category::Eof => "ends too early",
            };
            self.error(format!(
                "the file {what} at byte {} (line {}, column {}); fix or move it away, then sign in again",
                byte_offset(&text, e.line(), e.column()),
                e.line(),
                e.column()
            ))
        })?;
        if file.version != 1 {
            return Err(self.error(format!(
                "format version {} is newer than this program reads (1)",
                file.version
            )));
        }
        Ok(file)
    }

    fn dir(&self) -> Option<&Path> {
        self.path.parent().filter(|d| !d.as_os_str().is_empty())
    }

    /// `<file>.lock`, beside the store.
    fn lock_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "tokens.json".into());
        name.push(".lock");
        self.path.with_file_name(name)
    }

    /// Checks that the store can be read and written (the file parses, no one else can
    /// read it) before a sign-in starts, so a new refresh token is never obtained only to be
    /// refused by the store.
    pub fn check(&self) -> Result<(), AuthError> {
        self.read().map(|_| ())
    }

    /// The store's lock, waiting (at most a minute) while another process holds it.
    fn lock_waiting(&self) -> Result<StoreLock, AuthError> {
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            if let Some(lock) = self.try_lock()? {
                return Ok(lock);
            }
            if std::time::Instant::now() >= deadline {
                return Err(self.error(format!(
                    "another process has held {} for over {} s",
                    self.lock_path().display(),
                    LOCK_WAIT.as_secs()
                )));
            }
            std::thread::sleep(LOCK_RETRY);
        }
    }

    fn write(&self, file: &FileFormat) -> Result<(), AuthError> {
        use std::io::Write as _;
        let dir = self.dir();
        let body = serde_json::to_vec_pretty(file).map_err(|e| self.error(e.to_string()))?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "tokens.json".into());
        let temporary = self.path.with_file_name(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        let result = (|| -> std::io::Result<()> {
            let mut out = private_file(&temporary)?;
            out.write_all(&body)?;
            out.sync_all()?;
            std::fs::rename(&temporary, &self.path)?;
            if let Some(dir) = dir {
                // The rename is durable once the directory is (best effort where a
                // directory cannot be opened, as on Windows).
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temporary);
            return Err(self.error(format!("cannot write: {e}")));
        }
        Ok(())
    }
}

/// The byte offset of serde_json's 1-based `line` and `column` (a byte count) in `text`.
fn byte_offset(text: &[u8], line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(<[u8]>::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Refuses a store file or directory that group or others can read (or write), with the
/// `chmod` that fixes it. A shared directory with the sticky bit (`/tmp`) is let be: others
/// can list it but not replace or remove the owner's files, and its mode is not the user's
/// to change.
#[cfg(unix)]
fn check_private(path: &Path, is_dir: bool) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let mode = meta.permissions().mode();
    if mode & 0o077 == 0 || (is_dir && mode & 0o1000 != 0) {
        return Ok(());
    }
    let (want, what) = if is_dir {
        ("700", "directory")
    } else {
        ("600", "file")
    };
    Err(format!(
        "the {what} {} is open to other users (mode {:o}); refusing to use it: run chmod {want} {}",
        path.display(),
        mode & 0o777,
        path.display()
    ))
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _is_dir: bool) -> Result<(), String> {
    Ok(())
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Opens (creating, owner-only) the lock file.
#[cfg(unix)]
fn lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

fn to_entry(token: &StoredToken) -> FileEntry {
    FileEntry {
        refresh_token: token.refresh_token.expose().to_string(),
        access_token: token
            .access_token
            .as_ref()
            .map(|(t, _)| t.expose().to_string()),
        access_token_expires_at: token
            .access_token
            .as_ref()
            .map(|(_, at)| format_rfc3339(*at)),
        refresh_token_issued_at: format_rfc3339(token.refresh_issued_at),
        account: token.account.clone(),
        scope: token.scope.clone(),
    }
}

fn from_entry(entry: &FileEntry) -> StoredToken {
    let expires = entry
        .access_token_expires_at
        .as_deref()
        .and_then(parse_rfc3339);
    StoredToken {
        refresh_token: Secret::new(entry.refresh_token.clone()),
        access_token: entry
            .access_token
            .clone()
            .zip(expires)
            .map(|(t, at)| (Secret::new(t), at)),
        refresh_issued_at: parse_rfc3339(&entry.refresh_token_issued_at)
            .unwrap_or(SystemTime::UNIX_EPOCH),
        account: entry.account.clone(),
        scope: entry.scope.clone(),
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, AuthError> {
        Ok(self.read()?.tokens.get(&key.as_text()).map(from_entry))
    }

    fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), AuthError> {
        let lock = self.lock_waiting()?;
        self.save_locked(&lock, key, token)
    }

    fn save_locked(
        &self,
        _lock: &StoreLock,
        key: &StoreKey,
        token: &StoredToken,
    ) -> Result<(), AuthError> {
        let mut file = self.read()?;
        file.tokens.insert(key.as_text(), to_entry(token));
        self.write(&file)
    }

    fn try_lock(&self) -> Result<Option<StoreLock>, AuthError> {
        if let Some(dir) = self.dir() {
            create_private_dir(dir)
                .map_err(|e| self.error(format!("cannot create {}: {e}", dir.display())))?;
        }
        let path = self.lock_path();
        let file = lock_file(&path)
            .map_err(|e| self.error(format!("cannot open {}: {e}", path.display())))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Some(StoreLock { _file: Some(file) })),
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(e)) => {
                Err(self.error(format!("cannot lock {}: {e}", path.display())))
            }
        }
    }

    fn remove(&self, key: &StoreKey) -> Result<bool, AuthError> {
        let _lock = self.lock_waiting()?;
        let mut file = self.read()?;
        let removed = file.tokens.remove(&key.as_text()).is_some();
        if removed {
            self.write(&file)?;
        }
        Ok(removed)
    }

    fn list(&self) -> Result<Vec<(StoreKey, StoredToken)>, AuthError> {
        Ok(self
            .read()?
            .tokens
            .iter()
            .filter_map(|(k, v)| Some((StoreKey::from_text(k)?, from_entry(v))))
            .collect())
    }
}
