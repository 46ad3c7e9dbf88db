//! `clouds.yaml`, `secure.yaml` and `OS_*` variables read into a `Config` by the pure
//! parsers: fixtures in the shape of openstacksdk's documentation and of the cloud's own
//! (`tests/config/`), `secure.yaml` overrides, missing and malformed values (the error names
//! file, cloud and key), and no secret in any output.

use std::collections::HashMap;

use otc_ecs::{Auth, Config, ConfigError, ConfigFile, Error};
use serde_json::Value;

const OPENSTACK: &str = include_str!("config/openstack_clouds.yaml");
const OTC: &str = include_str!("config/otc_clouds.yaml");
const SECURE: &str = include_str!("config/secure.yaml");

/// Every secret value of the fixtures and variables.
const SECRETS: [&str; 11] = [
    "lab-Secret-1",
    "nodomain-Secret-2",
    "listed-Secret-3",
    "profile-Secret-4",
    "sk-Secret-5",
    "sk-Secret-6",
    "sectok-Secret-7",
    "vendor-Secret-8",
    "secure-Secret-9",
    "secure-Secret-10",
    "env-Secret-11",
];

fn openstack() -> ConfigFile {
    ConfigFile::new("/cfg/clouds.yaml", OPENSTACK)
}

fn otc() -> ConfigFile {
    ConfigFile::new("/home/u/.config/openstack/clouds.yaml", OTC)
}

fn secure() -> ConfigFile {
    ConfigFile::new("/home/u/.config/openstack/secure.yaml", SECURE)
}

fn cloud(name: &str, file: &ConfigFile) -> Config {
    Config::from_clouds_yaml(name, file, Some(&secure())).expect(name)
}

fn config_error(result: Result<Config, Error>) -> ConfigError {
    match result {
        Err(Error::Config(error)) => *error,
        other => panic!("{other:?}"),
    }
}

/// The sign-in body a password credential sends (it holds the password: checked, not shown).
fn sign_in_body(auth: &Auth) -> Value {
    let request = auth.sign_in_request().expect("a sign-in request");
    serde_json::from_slice(request.body()).expect("JSON")
}

#[test]
fn the_clouds_own_documentation_shape_with_its_password_in_secure_yaml() {
    let config = cloud("otc", &otc());
    assert_eq!(
        format!("{:?}", config.auth()),
        "Auth::Password { user: \"otc-user\", password: <redacted>, domain: \"OTC00000000001000000123\", project: Some(Name(\"eu-de\")), iam_endpoint: Some(\"https://iam.eu-de.otc.t-systems.com:443/v3\") }"
    );
    assert_eq!(
        (config.region(), config.interface()),
        (Some("eu-de"), "public")
    );
    assert_eq!((config.endpoint(), config.project_id()), (None, None));
    let body = sign_in_body(config.auth());
    assert_eq!(
        body["auth"]["identity"]["password"]["user"]["password"],
        "secure-Secret-9"
    );
    let request = config.auth().sign_in_request().unwrap();
    assert_eq!(
        request.uri(),
        "https://iam.eu-de.otc.t-systems.com:443/v3/auth/tokens"
    );
}

#[test]
fn the_otc_profile_supplies_the_iam_endpoint() {
    let config = cloud("otc-profile-only", &otc());
    let request = config.auth().sign_in_request().unwrap();
    assert_eq!(
        request.uri(),
        "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
    );
    let body = sign_in_body(config.auth());
    // secure.yaml wins over clouds.yaml.
    assert_eq!(
        body["auth"]["identity"]["password"]["user"]["password"],
        "secure-Secret-10"
    );
    assert_eq!(body["auth"]["scope"]["project"]["name"], "eu-de_sub");
    assert_eq!(config.region(), None);
}

#[test]
fn openstacksdks_shape_with_project_id_domain_name_and_interface() {
    let config = Config::from_clouds_yaml("lab", &openstack(), None).unwrap();
    assert_eq!(
        format!("{:?}", config.auth()),
        "Auth::Password { user: \"lab-user\", password: <redacted>, domain: \"OTC00000000001000000077\", project: Some(Id(\"5f2a7b7c0e9d4e4fb1a2c3d4e5f60718\")), iam_endpoint: Some(\"https://iam.eu-nl.otc.t-systems.com/v3\") }"
    );
    assert_eq!(
        config.project_id(),
        Some("5f2a7b7c0e9d4e4fb1a2c3d4e5f60718")
    );
    assert_eq!(
        (config.region(), config.interface()),
        (Some("eu-nl"), "internal")
    );
}

#[test]
fn access_keys_beside_or_inside_auth_with_a_security_token() {
    let keys = cloud("otc-keys", &otc());
    assert_eq!(
        format!("{:?}", keys.auth()),
        "Auth::AkSk { access_key: \"AKEXAMPLE0000000001\", secret_key: <redacted> }"
    );
    assert_eq!(keys.project_id(), Some("9a8b7c6d5e4f40312a1b0c9d8e7f6a5b"));
    assert_eq!(keys.endpoint(), Some("https://ecs.eu-nl.example"));
    assert_eq!(keys.region(), Some("eu-nl"));

    let temporary = cloud("otc-temporary", &otc());
    assert_eq!(
        format!("{:?}", temporary.auth()),
        "Auth::AkSk { access_key: \"AKTEMPORARY000000002\", secret_key: <redacted>, security_token: <redacted> }"
    );
    let mut request = http::Request::builder()
        .uri("https://ecs.eu-de.otc.t-systems.com/v1/p/jobs/j")
        .body(Vec::new())
        .unwrap();
    temporary
        .auth()
        .sign(
            &mut request,
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_714_979_289),
        )
        .unwrap();
    assert_eq!(request.headers()["x-security-token"], "sectok-Secret-7");
}

#[test]
fn missing_and_unusable_keys_name_file_cloud_and_key() {
    let cases = [
        ("nopass", &openstack(), "auth.password", "is missing"),
        (
            "nodomain",
            &openstack(),
            "auth.user_domain_name",
            "is missing",
        ),
        (
            "listed",
            &openstack(),
            "auth.username",
            "must be a single value",
        ),
        ("otc-half-keys", &otc(), "sk", "is missing"),
        (
            "vendor",
            &otc(),
            "profile",
            "names a profile this client does not know (it knows `otc`)",
        ),
    ];
    for (name, file, key, reason) in cases {
        let error = config_error(Config::from_clouds_yaml(name, file, Some(&secure())));
        let parts = (
            error.source.as_str(),
            error.cloud.as_deref(),
            error.key.as_deref(),
            error.reason.as_str(),
        );
        assert_eq!(
            parts,
            (file.path.as_str(), Some(name), Some(key), reason),
            "{name}"
        );
        assert_eq!(
            Error::Config(Box::new(error)).to_string(),
            format!(
                "unusable configuration: {}: cloud `{name}`: `{key}` {reason}",
                file.path
            )
        );
    }
    let error = config_error(Config::from_clouds_yaml("prod", &openstack(), None));
    assert_eq!(
        error.to_string(),
        "/cfg/clouds.yaml: cloud `prod` is not in the file (it has `lab`, `nopass`, `nodomain`, `listed`)"
    );
}

#[test]
fn a_malformed_file_is_named_with_the_position_and_no_content() {
    let broken = ConfigFile::new(
        "/cfg/clouds.yaml",
        "clouds:\n  otc:\n    auth: {password: broken-Secret\n",
    );
    let error = config_error(Config::from_clouds_yaml("otc", &broken, None));
    assert_eq!(
        error.to_string(),
        "/cfg/clouds.yaml is not valid YAML (line 4, column 1)"
    );
    let malformed_secure = ConfigFile::new("/cfg/secure.yaml", "clouds: [1, 2\n");
    let error = config_error(Config::from_clouds_yaml(
        "otc",
        &otc(),
        Some(&malformed_secure),
    ));
    assert_eq!(error.source, "/cfg/secure.yaml");
    assert!(
        error.reason.starts_with("is not valid YAML (line"),
        "{}",
        error.reason
    );
    let not_a_map = ConfigFile::new("/cfg/clouds.yaml", "- one\n- two\n");
    let error = config_error(Config::from_clouds_yaml("otc", &not_a_map, None));
    assert_eq!(
        error.to_string(),
        "/cfg/clouds.yaml must hold a map with a `clouds` key"
    );
}

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn os_variables_give_a_password_or_access_key_configuration() {
    let config = Config::from_env_vars(&vars(&[
        ("OS_AUTH_URL", "https://iam.eu-de.otc.t-systems.com:443/v3"),
        ("OS_USERNAME", "env-user"),
        ("OS_PASSWORD", "env-Secret-11"),
        ("OS_DOMAIN_NAME", "OTC00000000001000000999"),
        ("OS_PROJECT_NAME", "eu-de"),
        ("OS_REGION_NAME", "eu-de"),
    ]))
    .unwrap();
    assert_eq!(
        format!("{:?}", config.auth()),
        "Auth::Password { user: \"env-user\", password: <redacted>, domain: \"OTC00000000001000000999\", project: Some(Name(\"eu-de\")), iam_endpoint: Some(\"https://iam.eu-de.otc.t-systems.com:443/v3\") }"
    );
    assert_eq!(config.region(), Some("eu-de"));

    let keys = Config::from_env_vars(&vars(&[
        ("OS_ACCESS_KEY", "AKENV0000000000004"),
        ("OS_SECRET_KEY", "sk-Secret-6"),
        ("OS_SECURITY_TOKEN", "sectok-Secret-7"),
        ("OS_PROJECT_ID", "p-42"),
    ]))
    .unwrap();
    assert_eq!(
        format!("{:?}", keys.auth()),
        "Auth::AkSk { access_key: \"AKENV0000000000004\", secret_key: <redacted>, security_token: <redacted> }"
    );
    assert_eq!(keys.project_id(), Some("p-42"));
}

#[test]
fn missing_variables_are_named_as_variables() {
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("OS_USERNAME", "u")], "OS_PASSWORD"),
        (
            &[("OS_USERNAME", "u"), ("OS_PASSWORD", "env-Secret-11")],
            "OS_USER_DOMAIN_NAME",
        ),
        (
            &[
                ("OS_USERNAME", "u"),
                ("OS_PASSWORD", "env-Secret-11"),
                ("OS_USER_DOMAIN_NAME", "d"),
            ],
            "OS_PROJECT_NAME",
        ),
        (&[("OS_SECRET_KEY", "sk-Secret-5")], "OS_ACCESS_KEY"),
    ];
    for (pairs, variable) in cases {
        let error = config_error(Config::from_env_vars(&vars(pairs)));
        assert_eq!(
            error.to_string(),
            format!("the environment: `{variable}` is missing")
        );
    }
    let error = config_error(Config::from_env_vars(&vars(&[
        ("OS_USERNAME", "u"),
        ("OS_PASSWORD", "env-Secret-11"),
        ("OS_USER_DOMAIN_NAME", "d"),
        ("OS_PROJECT_NAME", "eu-de"),
    ])));
    assert_eq!(
        error.to_string(),
        "the environment: `OS_AUTH_URL` is missing"
    );
}

#[test]
fn no_output_of_a_configuration_or_its_errors_holds_a_secret() {
    let mut outputs = Vec::new();
    for name in [
        "otc",
        "otc-profile-only",
        "otc-keys",
        "otc-temporary",
        "otc-half-keys",
        "vendor",
        "x",
    ] {
        let result = Config::from_clouds_yaml(name, &otc(), Some(&secure()));
        outputs.push(format!("{result:?}"));
        if let Err(error) = result {
            outputs.push(error.to_string());
        }
    }
    for name in ["lab", "nopass", "nodomain", "listed"] {
        let result = Config::from_clouds_yaml(name, &openstack(), None);
        outputs.push(format!("{result:?}"));
        if let Err(error) = result {
            outputs.push(error.to_string());
        }
    }
    let broken = ConfigFile::new(
        "/cfg/clouds.yaml",
        "clouds: {a: {auth: {password: env-Secret-11, x: [}}}\n",
    );
    let result = Config::from_clouds_yaml("a", &broken, None);
    outputs.push(format!("{result:?} {broken:?}"));
    outputs.push(format!(
        "{:?}",
        Config::from_env_vars(&vars(&[("OS_PASSWORD", "env-Secret-11")]))
    ));
    assert_eq!(outputs.len(), 19);
    for output in &outputs {
        for secret in SECRETS {
            assert!(!output.contains(secret), "{secret} in {output}");
        }
    }
}

/// The thin file-system layer: `OS_CLIENT_CONFIG_FILE` and `OS_CLIENT_SECURE_FILE` name the
/// files, `OS_CLOUD` the cloud. The only test here that touches the process environment (the
/// others are pure), so setting variables races with no reader.
#[test]
fn from_cloud_and_from_env_read_the_files_the_variables_name() {
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("config_files");
    std::fs::create_dir_all(&folder).unwrap();
    let clouds = folder.join("my-clouds.yaml");
    let secure = folder.join("my-secure.yaml");
    std::fs::write(&clouds, OTC).unwrap();
    std::fs::write(&secure, SECURE).unwrap();
    // SAFETY: no other test of this binary reads or writes the environment.
    unsafe {
        std::env::set_var("OS_CLIENT_CONFIG_FILE", &clouds);
        std::env::set_var("OS_CLIENT_SECURE_FILE", &secure);
        std::env::set_var("OS_CLOUD", "otc-profile-only");
    }
    let config = Config::from_cloud("otc").unwrap();
    let body = sign_in_body(config.auth());
    assert_eq!(
        body["auth"]["identity"]["password"]["user"]["password"],
        "secure-Secret-9"
    );
    let config = Config::from_env().unwrap();
    let body = sign_in_body(config.auth());
    assert_eq!(body["auth"]["scope"]["project"]["name"], "eu-de_sub");
    let error = config_error(Config::from_cloud("absent"));
    assert_eq!(error.source, clouds.display().to_string());
    assert_eq!(error.cloud.as_deref(), Some("absent"));
    unsafe {
        std::env::set_var("OS_CLIENT_CONFIG_FILE", folder.join("missing.yaml"));
    }
    // The named file is missing: the usual folders are looked in next; none of them has this
    // cloud (or the file), so the error is a config error either way.
    assert!(matches!(
        Config::from_cloud("no-such-cloud-anywhere"),
        Err(Error::Config(_))
    ));
}
