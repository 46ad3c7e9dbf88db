//! Reinstalls a server's OS from its current image and waits for the job to finish.
//!
//! ```text
//! OTC_ECS_ENDPOINT=https://ecs.eu-de.otc.t-systems.com \
//! OTC_PROJECT_ID=... OTC_SERVER_ID=... OTC_USER_ID=... OTC_KEYPAIR=... OTC_TOKEN=... \
//! cargo run -p otc-ecs --example reinstall_and_wait
//! ```
//!
//! `OTC_KEYPAIR` is optional: without it the server keeps password login. The server must be
//! stopped, or `OTC_STOP_SERVER=1` asks the service to stop it first. Instead of `OTC_TOKEN`,
//! `OTC_ACCESS_KEY` and `OTC_SECRET_KEY` sign the requests (AK/SK). Without
//! `OTC_ECS_ENDPOINT`, the client comes from the openstack configuration instead
//! (`Client::from_env`: `OS_CLOUD` and `clouds.yaml`, or the `OS_*` variables), which signs in
//! and finds endpoint and project itself.

use std::time::Duration;

use otc_ecs::types::{OsReinstall, ReinstallMode};
use otc_ecs::{Auth, Client, Error};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name)
        .map_err(|_| format!("set {name} (see the comment at the top of this example)"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match std::env::var("OTC_ECS_ENDPOINT") {
        Ok(endpoint) => {
            let auth = match std::env::var("OTC_ACCESS_KEY") {
                Ok(access_key) => Auth::aksk(access_key, env("OTC_SECRET_KEY")?),
                Err(_) => Auth::token(env("OTC_TOKEN")?),
            };
            Client::new(endpoint, env("OTC_PROJECT_ID")?, auth)?
        }
        Err(_) => Client::from_env().await?,
    };
    let server_id = env("OTC_SERVER_ID")?;
    let keyname = std::env::var("OTC_KEYPAIR").ok();
    let body = OsReinstall {
        userid: keyname.as_ref().map(|_| env("OTC_USER_ID")).transpose()?,
        keyname,
        mode: std::env::var("OTC_STOP_SERVER")
            .is_ok()
            .then_some(ReinstallMode::WithStopServer),
        ..OsReinstall::default()
    };
    // The same checks the client runs before sending, shown here with every violation at once.
    body.validate()?;

    let accepted = client.reinstall_os(&server_id, &body).await?;
    println!("reinstall accepted, job {}", accepted.job_id);

    match client
        .wait_for_job(
            &accepted.job_id,
            Duration::from_secs(10),
            Duration::from_secs(30 * 60),
        )
        .await
    {
        Ok(job) => println!("job {} finished: {}", accepted.job_id, job.status),
        Err(Error::JobFailed {
            error_code, reason, ..
        }) => {
            eprintln!(
                "reinstall failed: {} {}",
                error_code.unwrap_or_default(),
                reason.unwrap_or_default()
            );
            std::process::exit(1);
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
