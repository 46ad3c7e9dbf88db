//! The OpenStack ecosystem's configuration: `OS_*` environment variables, and `clouds.yaml`
//! with `secure.yaml` (with the `config` feature), turned into a `Config`, which
//! `Client::connect` resolves into a client.
//!
//! What is read, as openstacksdk reads it (facts of its documentation, in our own words):
//! a cloud is an entry of the top-level `clouds` map; `OS_CLOUD` names the one to use;
//! `clouds.yaml` (or `clouds.yml`) is the first of `OS_CLIENT_CONFIG_FILE`, the current
//! folder, `~/.config/openstack/` and `/etc/openstack/` that exists, and `secure.yaml` (or
//! `OS_CLIENT_SECURE_FILE`) is looked for in the same places, its values laid over the
//! cloud's. A cloud has `profile` (a vendor's defaults: here only `otc`), `auth` (`auth_url`,
//! `username`, `password`, `user_domain_name` or `domain_name`, `project_id` or
//! `project_name`), `region_name` and `interface`; the cloud's own documentation puts
//! `ak` and `sk` (and `security_token`) beside or inside `auth` for AK/SK signing, and
//! `ecs_endpoint_override` (or `compute_endpoint_override`) names an endpoint. An access key
//! with `project_name` and no `project_id` gets the project's ID from IAM when it connects
//! (`GET /v3/projects?name=`, signed with the key, at `auth_url` or the region's IAM).
//!
//! The parsing is pure (`Config::from_env_vars`, `Config::from_clouds_yaml`: maps and file
//! contents in, a `Config` out); only `Config::from_env` and `Config::from_cloud` look at the
//! process environment and the file system. Errors name the file (or variable), the cloud
//! and the key, never a value.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::{Auth, Error, region};

/// Where a client goes and how it signs in: a credential, and a region, endpoint, project
/// and interface where known. `Client::connect` fills in what is missing (the project from
/// the token's scope, the endpoint from its catalog or the region); what is given wins.
/// Its `Debug` shows no secret.
#[derive(Clone, Debug)]
pub struct Config {
    auth: Auth,
    region: Option<String>,
    endpoint: Option<String>,
    project_id: Option<String>,
    /// For an access key: the project by name, whose ID `resolve` asks IAM for.
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    project_name: Option<String>,
    /// For an access key: the IAM endpoint that `resolve` asks (else the region's).
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    iam_endpoint: Option<String>,
    interface: String,
    /// Where it came from, for the errors of `resolve`.
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    origin: String,
}

impl Config {
    /// A configuration with only a credential.
    pub fn new(auth: Auth) -> Self {
        Config {
            auth,
            region: None,
            endpoint: None,
            project_id: None,
            project_name: None,
            iam_endpoint: None,
            interface: "public".to_owned(),
            origin: "the configuration".to_owned(),
        }
    }

    /// The region, e.g. `eu-de`: it picks the catalog's endpoint, and for a known region
    /// (`eu-de`, `eu-nl`; `eu-ch2` under `sc.otc.t-systems.com`) gives its documented ECS host when the catalog
    /// has none.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The ECS endpoint; it wins over catalog and region.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The project ID; it wins over the token's scope.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The project by name, for an access key (a password credential takes it with
    /// `Auth::with_project_name`): without a project ID, `Client::connect` asks IAM for the
    /// ID of the project of that name (`GET /v3/projects?name=...`, signed with the key), at
    /// `with_iam_endpoint` or the region's IAM, as the cloud's SDKs do.
    pub fn with_project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }

    /// The IAM endpoint (`https://iam.eu-de.otc.t-systems.com/v3`) that an access key asks
    /// for a project's ID (see `with_project_name`); default: the region's.
    pub fn with_iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
    }

    /// The catalog interface to pick endpoints of. Default: `public`.
    pub fn with_interface(mut self, interface: impl Into<String>) -> Self {
        self.interface = interface.into();
        self
    }

    /// The credential.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// The region, if configured.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The ECS endpoint, if configured.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The project ID, if configured.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The catalog interface.
    pub fn interface(&self) -> &str {
        &self.interface
    }

    /// Reads a configuration from `OS_*` variables (a pure function of `vars`):
    /// `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_USER_DOMAIN_NAME` (or
    /// `OS_DOMAIN_NAME`), `OS_PROJECT_ID` or `OS_PROJECT_NAME`, `OS_REGION_NAME`,
    /// `OS_INTERFACE`; or `OS_ACCESS_KEY` and `OS_SECRET_KEY` (with `OS_SECURITY_TOKEN` for
    /// temporary keys); or `OS_AUTH_TOKEN`. `OS_CLOUD` is not read here (see `from_env`).
    pub fn from_env_vars(vars: &HashMap<String, String>) -> Result<Config, Error> {
        let mut fields = Fields::new();
        for (variable, key) in ENV_KEYS {
            if let Some(value) = vars.get(variable).filter(|value| !value.is_empty()) {
                fields.insert(key.to_owned(), Scalar::Text(value.clone()));
            }
        }
        let origin = Origin {
            source: "the environment".to_owned(),
            cloud: None,
            env: true,
        };
        interpret(&fields, &origin)
    }

    /// Reads the cloud `cloud` of a `clouds.yaml`, with the values of a `secure.yaml` laid
    /// over it (a pure function of the files' paths and contents).
    #[cfg(feature = "config")]
    pub fn from_clouds_yaml(
        cloud: &str,
        clouds: &ConfigFile,
        secure: Option<&ConfigFile>,
    ) -> Result<Config, Error> {
        let origin = Origin {
            source: clouds.path.clone(),
            cloud: Some(cloud.to_owned()),
            env: false,
        };
        let mut fields = match yaml::cloud(clouds, cloud)? {
            Some(fields) => fields,
            None => {
                let names = yaml::cloud_names(clouds)?;
                let reason = if names.is_empty() {
                    "is not in the file (it has no clouds)".to_owned()
                } else {
                    format!("is not in the file (it has {})", names.join(", "))
                };
                return Err(origin.error(None, &reason));
            }
        };
        if let Some(secure) = secure
            && let Some(over) = yaml::cloud(secure, cloud)?
        {
            fields.extend(over);
        }
        interpret(&fields, &origin)
    }

    /// `from_env_vars` over the process environment; when `OS_CLOUD` is set, `from_cloud`
    /// of that cloud instead (with the `config` feature).
    pub fn from_env() -> Result<Config, Error> {
        let vars: HashMap<String, String> = std::env::vars().collect();
        #[cfg(feature = "config")]
        if let Some(cloud) = vars.get("OS_CLOUD").filter(|cloud| !cloud.is_empty()) {
            return files::load(cloud, &vars);
        }
        Config::from_env_vars(&vars)
    }

    /// Reads the cloud `cloud` from the first `clouds.yaml` found (`OS_CLIENT_CONFIG_FILE`,
    /// then `./`, `~/.config/openstack/`, `/etc/openstack/`; `.yml` too) and the first
    /// `secure.yaml` (`OS_CLIENT_SECURE_FILE`, then the same folders).
    #[cfg(feature = "config")]
    pub fn from_cloud(cloud: &str) -> Result<Config, Error> {
        let vars: HashMap<String, String> = std::env::vars().collect();
        files::load(cloud, &vars)
    }
}

/// A configuration file's path (as errors name it) and contents.
#[derive(Clone)]
pub struct ConfigFile {
    /// The path, as errors name the file.
    pub path: String,
    /// The contents.
    pub text: String,
}

impl ConfigFile {
    /// A file from its path and contents.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        ConfigFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

impl fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConfigFile({:?}, {} bytes)", self.path, self.text.len())
    }
}

/// What is wrong with a configuration: where (file or the environment), which cloud and
/// key, and why, without the value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The file's path, or `the environment`.
    pub source: String,
    /// The cloud, for files.
    pub cloud: Option<String>,
    /// The key (`auth.password`) or variable (`OS_PASSWORD`), when one is at fault.
    pub key: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(cloud) = &self.cloud {
            write!(f, ": cloud `{cloud}`")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, " {}", self.reason)
    }
}

/// Variables and the cloud keys they stand for.
const ENV_KEYS: [(&str, &str); 14] = [
    ("OS_AUTH_URL", "auth.auth_url"),
    ("OS_USERNAME", "auth.username"),
    ("OS_PASSWORD", "auth.password"),
    ("OS_USER_DOMAIN_NAME", "auth.user_domain_name"),
    ("OS_DOMAIN_NAME", "auth.domain_name"),
    ("OS_PROJECT_ID", "auth.project_id"),
    ("OS_PROJECT_NAME", "auth.project_name"),
    ("OS_AUTH_TOKEN", "auth.token"),
    ("OS_REGION_NAME", "region_name"),
    ("OS_INTERFACE", "interface"),
    ("OS_ACCESS_KEY", "ak"),
    ("OS_SECRET_KEY", "sk"),
    ("OS_SECURITY_TOKEN", "security_token"),
    ("OS_ECS_ENDPOINT_OVERRIDE", "ecs_endpoint_override"),
];

/// A value of the configuration: text (numbers and booleans as written), or something
/// else (a list, a map), which no key here accepts.
#[derive(Clone, Debug, PartialEq)]
enum Scalar {
    Text(String),
    #[cfg_attr(not(feature = "config"), allow(dead_code))]
    NotText,
}

/// A cloud's values by dotted key (`auth.password`).
type Fields = BTreeMap<String, Scalar>;

/// Where the values came from, for errors.
struct Origin {
    source: String,
    cloud: Option<String>,
    env: bool,
}

impl Origin {
    /// The name of `key` where it came from: the key, or its variable.
    fn name(&self, key: &str) -> String {
        if self.env
            && let Some((variable, _)) = ENV_KEYS.iter().find(|(_, k)| *k == key)
        {
            return (*variable).to_owned();
        }
        key.to_owned()
    }

    fn error(&self, key: Option<&str>, reason: &str) -> Error {
        Error::Config(Box::new(ConfigError {
            source: self.source.clone(),
            cloud: self.cloud.clone(),
            key: key.map(|key| self.name(key)),
            reason: reason.to_owned(),
        }))
    }
}

/// Turns a cloud's values into a `Config`.
fn interpret(fields: &Fields, origin: &Origin) -> Result<Config, Error> {
    let text = |key: &str| -> Result<Option<String>, Error> {
        match fields.get(key) {
            None => Ok(None),
            Some(Scalar::Text(value)) if value.is_empty() => Ok(None),
            Some(Scalar::Text(value)) => Ok(Some(value.clone())),
            Some(Scalar::NotText) => Err(origin.error(Some(key), "must be a single value")),
        }
    };
    let either = |first: &str, second: &str| -> Result<Option<String>, Error> {
        Ok(text(first)?.or(text(second)?))
    };
    let missing = |key: &str| origin.error(Some(key), "is missing");
    let region = text("region_name")?;
    let interface = text("interface")?.unwrap_or_else(|| "public".to_owned());
    let endpoint = either("ecs_endpoint_override", "compute_endpoint_override")?;
    let profile = text("profile")?;
    if let Some(profile) = &profile
        && profile != "otc"
    {
        return Err(origin.error(
            Some("profile"),
            "names a profile this client does not know (it knows `otc`)",
        ));
    }
    let project_id = text("auth.project_id")?;
    let project_name = text("auth.project_name")?;
    let ak = either("ak", "auth.ak")?.or(either("access_key", "auth.access_key")?);
    let sk = either("sk", "auth.sk")?.or(either("secret_key", "auth.secret_key")?);
    let security_token = either("security_token", "auth.security_token")?;
    let username = either("auth.username", "auth.user_name")?;
    let password = text("auth.password")?;
    let token = text("auth.token")?;
    let keys = ak.is_some() && sk.is_some();
    let (key_project, key_iam) = match keys {
        true => (project_name.clone(), text("auth.auth_url")?),
        false => (None, None),
    };
    let auth = match (ak, sk) {
        (Some(ak), Some(sk)) => {
            let auth = Auth::aksk(ak, sk);
            match security_token {
                Some(token) => auth.with_security_token(token),
                None => auth,
            }
        }
        (Some(_), None) => return Err(missing("sk")),
        (None, Some(_)) => return Err(missing("ak")),
        (None, None) if username.is_none() && password.is_none() && token.is_some() => {
            Auth::token(token.unwrap_or_default())
        }
        (None, None) => {
            let Some(username) = username else {
                return Err(missing("auth.username"));
            };
            let Some(password) = password else {
                return Err(missing("auth.password"));
            };
            let Some(domain) = either("auth.user_domain_name", "auth.domain_name")? else {
                return Err(missing("auth.user_domain_name"));
            };
            let auth = Auth::password(username, password, domain);
            let auth = match (&project_id, project_name) {
                (Some(id), _) => auth.with_project_id(id.clone()),
                (None, Some(name)) => auth.with_project_name(name),
                (None, None) => return Err(missing("auth.project_name")),
            };
            match text("auth.auth_url")? {
                Some(url) => {
                    super::token::iam_endpoint(&url).map_err(|error| match error {
                        Error::InvalidArgument { reason, .. } => {
                            origin.error(Some("auth.auth_url"), &reason)
                        }
                        other => other,
                    })?;
                    auth.with_iam_endpoint(url)
                }
                None => {
                    // The `otc` profile's IAM is the region's, `eu-de` without a region.
                    let region = match (&profile, &region) {
                        (_, Some(region)) => region.as_str(),
                        (Some(_), None) => "eu-de",
                        (None, None) => return Err(missing("auth.auth_url")),
                    };
                    if region::iam_endpoint(region).is_none() {
                        return Err(origin.error(
                            Some("region_name"),
                            "is not a region whose IAM endpoint is known; give `auth.auth_url`",
                        ));
                    }
                    auth.with_region(region)
                }
            }
        }
    };
    Ok(Config {
        auth,
        region,
        endpoint,
        project_id,
        project_name: key_project,
        iam_endpoint: key_iam,
        interface,
        origin: match &origin.cloud {
            Some(cloud) => format!("cloud `{cloud}` of {}", origin.source),
            None => origin.source.clone(),
        },
    })
}

#[cfg(feature = "config")]
mod yaml {
    use serde_yaml::Value;

    use super::{ConfigError, ConfigFile, Error, Fields, Scalar};

    fn error(file: &ConfigFile, cloud: Option<&str>, key: Option<&str>, reason: &str) -> Error {
        Error::Config(Box::new(ConfigError {
            source: file.path.clone(),
            cloud: cloud.map(str::to_owned),
            key: key.map(str::to_owned),
            reason: reason.to_owned(),
        }))
    }

    /// The file's `clouds` map. Parser messages are not passed on (they may quote values);
    /// the position is.
    fn clouds(file: &ConfigFile) -> Result<serde_yaml::Mapping, Error> {
        let root: Value = serde_yaml::from_str(&file.text).map_err(|problem| {
            let at = match problem.location() {
                Some(at) => format!(" (line {}, column {})", at.line(), at.column()),
                None => String::new(),
            };
            error(file, None, None, &format!("is not valid YAML{at}"))
        })?;
        match root {
            Value::Null => Ok(serde_yaml::Mapping::new()),
            Value::Mapping(mut root) => match root.remove("clouds") {
                None | Some(Value::Null) => Ok(serde_yaml::Mapping::new()),
                Some(Value::Mapping(clouds)) => Ok(clouds),
                Some(_) => Err(error(file, None, Some("clouds"), "must be a map of clouds")),
            },
            _ => Err(error(
                file,
                None,
                None,
                "must hold a map with a `clouds` key",
            )),
        }
    }

    pub(super) fn cloud_names(file: &ConfigFile) -> Result<Vec<String>, Error> {
        let clouds = clouds(file)?;
        Ok(clouds
            .keys()
            .filter_map(|key| key.as_str().map(|name| format!("`{name}`")))
            .collect())
    }

    /// The cloud's values by dotted key, or `None` when the file does not have the cloud.
    pub(super) fn cloud(file: &ConfigFile, name: &str) -> Result<Option<Fields>, Error> {
        let clouds = clouds(file)?;
        let Some(cloud) = clouds.get(name) else {
            return Ok(None);
        };
        let Value::Mapping(cloud) = cloud else {
            return Err(error(file, Some(name), None, "must be a map"));
        };
        let mut fields = Fields::new();
        flatten(cloud, "", 0, &mut fields);
        Ok(Some(fields))
    }

    fn flatten(map: &serde_yaml::Mapping, prefix: &str, depth: usize, out: &mut Fields) {
        for (key, value) in map {
            let Some(key) = key.as_str() else { continue };
            let key = format!("{prefix}{key}");
            let scalar = match value {
                Value::String(text) => Scalar::Text(text.clone()),
                Value::Number(number) => Scalar::Text(number.to_string()),
                Value::Bool(flag) => Scalar::Text(flag.to_string()),
                Value::Null => continue,
                Value::Mapping(inner) if depth < 4 => {
                    flatten(inner, &format!("{key}."), depth + 1, out);
                    Scalar::NotText
                }
                _ => Scalar::NotText,
            };
            out.insert(key, scalar);
        }
    }
}

#[cfg(feature = "config")]
mod files {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::{Config, ConfigError, ConfigFile, Error};

    /// The folders openstacksdk looks in, in its order.
    fn folders(vars: &HashMap<String, String>) -> Vec<PathBuf> {
        let mut folders = vec![PathBuf::from(".")];
        if let Some(home) = vars.get("HOME").filter(|home| !home.is_empty()) {
            folders.push(PathBuf::from(home).join(".config").join("openstack"));
        }
        folders.push(PathBuf::from("/etc/openstack"));
        folders
    }

    /// Candidate paths of `stem.yaml`/`stem.yml`, the variable's file first.
    pub(super) fn candidates(
        vars: &HashMap<String, String>,
        variable: &str,
        stem: &str,
    ) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = vars
            .get(variable)
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
            .into_iter()
            .collect();
        for folder in folders(vars) {
            for ext in ["yaml", "yml"] {
                paths.push(folder.join(format!("{stem}.{ext}")));
            }
        }
        paths
    }

    fn first(paths: &[PathBuf]) -> Result<Option<ConfigFile>, Error> {
        for path in paths {
            match std::fs::read_to_string(path) {
                Ok(text) => return Ok(Some(ConfigFile::new(path.display().to_string(), text))),
                Err(problem) if problem.kind() == std::io::ErrorKind::NotFound => continue,
                Err(problem) => {
                    return Err(Error::Config(Box::new(ConfigError {
                        source: path.display().to_string(),
                        cloud: None,
                        key: None,
                        reason: format!("cannot be read ({})", problem.kind()),
                    })));
                }
            }
        }
        Ok(None)
    }

    pub(super) fn load(cloud: &str, vars: &HashMap<String, String>) -> Result<Config, Error> {
        let clouds = candidates(vars, "OS_CLIENT_CONFIG_FILE", "clouds");
        let Some(file) = first(&clouds)? else {
            let looked: Vec<String> = clouds.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::Config(Box::new(ConfigError {
                source: "clouds.yaml".to_owned(),
                cloud: Some(cloud.to_owned()),
                key: None,
                reason: format!("no such file was found (looked for {})", looked.join(", ")),
            })));
        };
        let secure = first(&candidates(vars, "OS_CLIENT_SECURE_FILE", "secure"))?;
        Config::from_clouds_yaml(cloud, &file, secure.as_ref())
    }
}

#[cfg(feature = "reqwest")]
mod connect {
    use std::time::Duration;

    use std::time::SystemTime;

    use http::HeaderValue;
    use http::header::{ACCEPT, USER_AGENT};

    use super::super::operation::{DEFAULT_USER_AGENT, decode_response};
    use super::super::path::encode;
    use super::super::{Client, ClientBuilder, Error, region};
    use super::{Config, ConfigError};

    /// The time limits of sign-in when connecting (the client's own apply afterwards).
    const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(60);

    impl Config {
        fn error(&self, key: &str, reason: &str) -> Error {
            Error::Config(Box::new(ConfigError {
                source: self.origin.clone(),
                cloud: None,
                key: Some(key.to_owned()),
                reason: reason.to_owned(),
            }))
        }

        /// Signs in when the credential is a password and resolves the endpoint and the
        /// project: a `ClientBuilder` for further settings (timeouts, retries; it sends
        /// through the HTTP client that signed in), of this crate's `Client` or of a generated
        /// crate's.
        ///
        /// The project ID is the configured one, else (password) the token's project. The
        /// endpoint is the configured one, else (password) the catalog's `ecs` (or
        /// `compute`) endpoint of the region and interface, else the region's documented
        /// host. Fails with `Error::SignIn` when signing in fails and `Error::Config` when
        /// the project or endpoint cannot be found.
        pub async fn resolve<C: From<Client>>(self) -> Result<ClientBuilder<C>, Error> {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let http = reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| Error::Transport {
                    what: "setting up the HTTP client".to_owned(),
                    source: Box::new(error),
                })?;
            let token = match self.auth.token_source() {
                Some(source) => {
                    self.auth.for_client()?;
                    Some(source.fresh(&http, SIGN_IN_TIMEOUT).await?)
                }
                None => None,
            };
            let project_id = match (&self.project_id, &token, &self.project_name) {
                (Some(id), _, _) => id.clone(),
                (None, Some(token), _) => token.project_id.clone().ok_or_else(|| {
                    self.error("project", "is missing, and the token has no project scope")
                })?,
                (None, None, Some(name)) => self.project_by_name(&http, name).await?,
                (None, None, None) => return Err(self.error("project_id", "is missing")),
            };
            let region = self.region.as_deref();
            let endpoint = self
                .endpoint
                .clone()
                .or_else(|| {
                    let token = token.as_ref()?;
                    region::catalog_ecs_endpoint(&token.catalog, region, &self.interface)
                })
                .or_else(|| region.and_then(region::ecs_endpoint));
            let Some(endpoint) = endpoint else {
                let reason = match region {
                    Some(_) => "has no ECS endpoint in the catalog and is not a known region",
                    None => "is missing (and no endpoint is configured)",
                };
                return Err(self.error("region_name", reason));
            };
            Ok(ClientBuilder::new(endpoint, project_id, self.auth).http_client(http))
        }
    }

    /// The most bytes of IAM's project list read.
    const MAX_PROJECTS_BYTES: usize = 4 << 20;

    crate::object! {
        /// IAM's answer to `GET /v3/projects?name=`: the members read of it (the page *Querying
        /// Project Information Based on the Specified Criteria* of IAM's API reference, upstream
        /// `api-ref/source/apis/project_management/` of `opentelekomcloud-docs/identity-access-management`,
        /// not vendored: its response table has `projects`, each with `id` and `name`).
        #[derive(Clone, PartialEq)]
        pub struct Projects {
            projects: optional "projects" Vec<Project>,
        }
    }

    crate::object! {
        #[derive(Clone, PartialEq)]
        pub struct Project {
            id: required "id" String,
            name: required "name" String,
        }
    }

    impl Config {
        /// The ID of the project `name`, asked of IAM with the access key.
        async fn project_by_name(
            &self,
            http: &reqwest::Client,
            name: &str,
        ) -> Result<String, Error> {
            let configured = self.iam_endpoint.clone();
            let Some(iam) =
                configured.or_else(|| self.region.as_deref().and_then(region::iam_endpoint))
            else {
                return Err(self.error(
                    "auth.auth_url",
                    "is missing: an access key with a project name (and no project ID) asks IAM for the ID",
                ));
            };
            let iam = super::super::token::iam_endpoint(&iam)
                .map_err(|_| self.error("auth.auth_url", "is not an http(s) endpoint"))?;
            let uri = format!("{iam}/projects?name={}", encode(name, false));
            let mut request = http::Request::new(Vec::new());
            *request.uri_mut() = http::Uri::try_from(uri).map_err(|_| {
                self.error(
                    "auth.auth_url",
                    "does not form a valid URL with `/projects`",
                )
            })?;
            let headers = request.headers_mut();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
            self.auth.sign(&mut request, SystemTime::now())?;
            let request = reqwest::Request::try_from(request).map_err(|_| {
                self.error(
                    "auth.auth_url",
                    "does not form a valid URL with `/projects`",
                )
            })?;
            let what = "the project query to IAM";
            let exchange = async {
                let mut answer = http.execute(request).await?;
                let mut response = http::Response::new(Vec::new());
                *response.status_mut() = answer.status();
                *response.headers_mut() = answer.headers().clone();
                while let Some(chunk) = answer.chunk().await? {
                    if response.body().len() + chunk.len() > MAX_PROJECTS_BYTES {
                        return Ok(None);
                    }
                    response.body_mut().extend_from_slice(&chunk);
                }
                Ok::<_, reqwest::Error>(Some(response))
            };
            let response = match tokio::time::timeout(SIGN_IN_TIMEOUT, exchange).await {
                Ok(Ok(Some(response))) => response,
                Ok(Ok(None)) => {
                    return Err(Error::BodyTooLarge {
                        what: what.to_owned(),
                        status: 200,
                        limit: MAX_PROJECTS_BYTES as u64,
                        declared: None,
                    });
                }
                Ok(Err(error)) => {
                    return Err(Error::Transport {
                        what: what.to_owned(),
                        source: Box::new(error),
                    });
                }
                Err(_) => {
                    return Err(Error::Timeout {
                        what: what.to_owned(),
                        after: Some(SIGN_IN_TIMEOUT),
                    });
                }
            };
            let list: Projects = decode_response(response, &[200])?;
            let mut ids = list
                .projects
                .into_iter()
                .flatten()
                .filter(|p| p.name == name)
                .map(|p| p.id);
            match (ids.next(), ids.next()) {
                (Some(id), None) => Ok(id),
                (None, _) => Err(self.error(
                    "auth.project_name",
                    "names no project IAM knows for this access key",
                )),
                (Some(_), Some(_)) => {
                    Err(self.error("auth.project_name", "names more than one project"))
                }
            }
        }
    }

    impl Client {
        /// A client from a `Config`: signs in at once with a password credential, and takes
        /// the project and the endpoint from what is configured, the token and the region
        /// (see `Config::resolve`).
        pub async fn connect(config: Config) -> Result<Client, Error> {
            config.resolve().await?.build()
        }

        /// `connect` with `Config::from_env` (`OS_*` variables, or the `OS_CLOUD` cloud).
        pub async fn from_env() -> Result<Client, Error> {
            Client::connect(Config::from_env()?).await
        }

        /// `connect` with `Config::from_cloud`: the cloud `cloud` of `clouds.yaml`.
        #[cfg(feature = "config")]
        pub async fn from_cloud(cloud: &str) -> Result<Client, Error> {
            Client::connect(Config::from_cloud(cloud)?).await
        }
    }
}

#[cfg(all(test, feature = "config"))]
mod tests {
    use super::*;

    #[test]
    fn candidates_follow_openstacksdks_order() {
        let vars = HashMap::from([
            ("HOME".to_owned(), "/home/u".to_owned()),
            ("OS_CLIENT_CONFIG_FILE".to_owned(), "/x/c.yaml".to_owned()),
        ]);
        let paths: Vec<String> = files::candidates(&vars, "OS_CLIENT_CONFIG_FILE", "clouds")
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "/x/c.yaml",
                "./clouds.yaml",
                "./clouds.yml",
                "/home/u/.config/openstack/clouds.yaml",
                "/home/u/.config/openstack/clouds.yml",
                "/etc/openstack/clouds.yaml",
                "/etc/openstack/clouds.yml",
            ]
        );
    }
}
