//! The server actions of the ECS-native API (batch start, stop and restart, delete, cold
//! migration, resize, OS change, details and metadata updates) against a real HTTP server on
//! loopback (wiremock): the exact request each documented example makes, the page's answer
//! decoded into its type, and every rule checked before sending.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client, job_answers_once, wait};
use otc_ecs::types::{
    BatchReboot, BatchStart, BatchStop, DiskConfig, FlavorChange, MigrationTarget, OsChange,
    OsReinstallMetadata, PowerActionType, SecurityOptions, ServerDeletion, ServerMetadata,
    ServerMigration, ServerRef, ServerResize, ServerStatus, ServerUpdate, SystemEncryption,
};
use otc_ecs::{Error, Nullable};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVER_A: &str = "616fb98f-46ca-475e-917e-2563e5a8cd19";
const SERVER_B: &str = "726fb98f-46ca-475e-917e-2563e5a8cd20";

fn refs(ids: &[&str]) -> Vec<ServerRef> {
    ids.iter()
        .map(|id| ServerRef {
            id: (*id).into(),
            ..Default::default()
        })
        .collect()
}

/// Mounts one answer for `verb` on `route` that matches only `body`, sent with the token and
/// content type; the mock expects exactly one such request.
async fn expect_json(server: &MockServer, verb: &str, route: &str, body: Value, answer: Value) {
    Mock::given(method(verb))
        .and(path(route))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

/// Mounts a POST on `route` that matches only `body` and answers the job `job_id`.
async fn expect_job(server: &MockServer, route: &str, body: Value, job_id: &str) {
    expect_json(server, "POST", route, body, json!({ "job_id": job_id })).await;
}

/// Asserts that `result` is a validation error whose violations are exactly `expected`
/// (`(path, message)` pairs).
fn assert_refused<T: std::fmt::Debug>(result: Result<T, Error>, expected: &[(&str, &str)]) {
    match result {
        Err(Error::Validation(v)) => {
            let got: Vec<(&str, &str)> = v
                .violations()
                .iter()
                .map(|x| (x.path(), x.message()))
                .collect();
            assert_eq!(got, expected);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn assert_nothing_sent(server: &MockServer) {
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing may leave the machine: {sent:?}");
}

#[tokio::test]
async fn start_servers_sends_the_pages_request_and_returns_its_job() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_job(
        &server,
        &route,
        json!({"os-start": {"servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        "ff808082889bd9690189061140c235fe",
    )
    .await;
    let body = BatchStart {
        servers: refs(&[SERVER_A, SERVER_B]),
        ..Default::default()
    };
    let job = client(&server).start_servers(&body).await.unwrap();
    assert_eq!(job.job_id, "ff808082889bd9690189061140c235fe");
}

#[tokio::test]
async fn stop_servers_sends_the_stop_type_inside_os_stop() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_job(
        &server,
        &route,
        json!({"os-stop": {"type": "HARD", "servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        "ff808082889bd9690189061140c235fe",
    )
    .await;
    expect_job(
        &server,
        &route,
        json!({"os-stop": {"servers": [{"id": SERVER_A}]}}),
        "soft-by-default",
    )
    .await;
    let c = client(&server);
    let hard = BatchStop {
        servers: refs(&[SERVER_A, SERVER_B]),
        r#type: Some(PowerActionType::Hard),
        ..Default::default()
    };
    assert_eq!(
        c.stop_servers(&hard).await.unwrap().job_id,
        "ff808082889bd9690189061140c235fe"
    );
    // Left out, the type is not sent: the service's default (SOFT) applies.
    let plain = BatchStop {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    assert_eq!(
        c.stop_servers(&plain).await.unwrap().job_id,
        "soft-by-default"
    );
}

#[tokio::test]
async fn reboot_servers_sends_the_restart_type_inside_reboot_and_the_job_is_followed() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_job(
        &server,
        &route,
        json!({"reboot": {"type": "SOFT", "servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        "ff80808288d41e1b018990260955686a",
    )
    .await;
    let job_id = "ff80808288d41e1b018990260955686a";
    let ended = json!({"status": "SUCCESS", "job_id": job_id, "job_type": "batchRebootServers"});
    job_answers_once(&server, job_id, ended).await;
    let c = client(&server);
    let body = BatchReboot {
        servers: refs(&[SERVER_A, SERVER_B]),
        ..BatchReboot::new(PowerActionType::Soft)
    };
    let accepted = c.reboot_servers(&body).await.unwrap();
    let done = wait(&c, &accepted.job_id).await;
    assert_eq!(done.job_type.as_deref(), Some("batchRebootServers"));
}

#[tokio::test]
async fn a_batch_answer_of_202_is_the_same_job_and_204_is_refused() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(
            json!({"os-start": {"servers": [{"id": SERVER_A}]}}),
        ))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": "busy-but-taken"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(
            json!({"os-start": {"servers": [{"id": SERVER_B}]}}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let c = client(&server);
    let a = BatchStart {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    assert_eq!(c.start_servers(&a).await.unwrap().job_id, "busy-but-taken");
    let b = BatchStart {
        servers: refs(&[SERVER_B]),
        ..Default::default()
    };
    match c.start_servers(&b).await {
        Err(Error::Service(e)) => assert_eq!(e.status, 204),
        other => panic!("a 204 has no job to follow: {other:?}"),
    }
}

#[tokio::test]
async fn a_stop_or_restart_type_the_page_does_not_list_is_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let stop = BatchStop {
        servers: refs(&[SERVER_A]),
        r#type: Some(PowerActionType::Other("FORCE".into())),
        ..Default::default()
    };
    assert_refused(
        c.stop_servers(&stop).await,
        &[("type", "`FORCE` is not one of: SOFT, HARD")],
    );
    let reboot = BatchReboot {
        servers: refs(&[SERVER_A]),
        ..BatchReboot::new(PowerActionType::Other("soft".into()))
    };
    assert_refused(
        c.reboot_servers(&reboot).await,
        &[("type", "`soft` is not one of: SOFT, HARD")],
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn delete_servers_sends_the_pages_first_request_and_returns_its_job() {
    let server = MockServer::start().await;
    expect_job(
        &server,
        &format!("/v1/{PROJECT}/cloudservers/delete"),
        json!({"servers": [{"id": SERVER_A}], "delete_publicip": false, "delete_volume": false}),
        "ff80808288d415d80189901d8eb81cbb",
    )
    .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A]),
        delete_publicip: Some(false),
        delete_volume: Some(false),
        ..Default::default()
    };
    let job = client(&server).delete_servers(&body).await.unwrap();
    assert_eq!(job.job_id, "ff80808288d415d80189901d8eb81cbb");
}

#[tokio::test]
async fn delete_servers_leaves_out_the_eip_and_disk_choices_it_was_not_given() {
    let server = MockServer::start().await;
    expect_job(
        &server,
        &format!("/v1/{PROJECT}/cloudservers/delete"),
        json!({"servers": [{"id": SERVER_A}, {"id": SERVER_B}]}),
        "j-2",
    )
    .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A, SERVER_B]),
        ..Default::default()
    };
    assert_eq!(
        client(&server).delete_servers(&body).await.unwrap().job_id,
        "j-2"
    );
}

#[tokio::test]
async fn the_delete_pages_error_answer_is_a_service_error_with_its_code() {
    let server = MockServer::start().await;
    // The page's second example answer, as published.
    let answer = r#"{
    "error": {
        "message": "request body is illegal.",
        "code": "Ecs.0005"
        }
        }"#;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/delete")))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-del")
                .set_body_raw(answer, "application/json"),
        )
        .mount(&server)
        .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    match client(&server).delete_servers(&body).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.code.as_deref(), Some("Ecs.0005"));
            assert_eq!(e.message.as_deref(), Some("request body is illegal."));
            assert_eq!(e.request_id.as_deref(), Some("req-del"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn delete_servers_refuses_more_than_1000_or_no_servers_before_sending() {
    let server = MockServer::start().await;
    let ids: Vec<String> = (0..1001).map(|i| format!("srv-{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    for (servers, says) in [
        (refs(&ids), "must hold 1 to 1000 items, got 1001"),
        (Vec::new(), "must hold 1 to 1000 items, got 0"),
    ] {
        let body = ServerDeletion {
            servers,
            ..Default::default()
        };
        match client(&server).delete_servers(&body).await {
            Err(Error::Validation(e)) => {
                let text = e.to_string();
                assert!(text.contains("servers") && text.contains(says), "{text}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn migrate_server_names_the_dedicated_host_or_sends_null_for_the_public_pool() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/srv-1/migrate");
    expect_job(
        &server,
        &route,
        json!({"migrate": {"dedicated_host_id": "459a2b9d-804a-4745-ab19-a113bb1b4ddc"}}),
        "ff80808288d41e1b018990260955686a",
    )
    .await;
    expect_job(&server, &route, json!({"migrate": null}), "to-the-pool").await;
    let c = client(&server);
    let to_host = ServerMigration {
        migrate: Nullable::Value(MigrationTarget {
            dedicated_host_id: Some("459a2b9d-804a-4745-ab19-a113bb1b4ddc".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        c.migrate_server("srv-1", &to_host).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let to_pool = ServerMigration {
        migrate: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        c.migrate_server("srv-1", &to_pool).await.unwrap().job_id,
        "to-the-pool"
    );
}

#[tokio::test]
async fn resize_server_sends_the_flavor_under_resize_and_dry_run_beside_it() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/srv-1/resize");
    expect_job(
        &server,
        &route,
        json!({"resize": {"flavorRef": "c3.15xlarge.2"}}),
        "ff80808288d41e1b018990260955686a",
    )
    .await;
    expect_job(
        &server,
        &route,
        json!({"resize": {"flavorRef": "s2.large.2"}, "dry_run": true}),
        "checked-only",
    )
    .await;
    let c = client(&server);
    let body = ServerResize {
        resize: FlavorChange {
            flavor_ref: "c3.15xlarge.2".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        c.resize_server("srv-1", &body).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let dry = ServerResize {
        resize: FlavorChange {
            flavor_ref: "s2.large.2".into(),
            ..Default::default()
        },
        dry_run: Some(true),
        ..Default::default()
    };
    assert_eq!(
        c.resize_server("srv-1", &dry).await.unwrap().job_id,
        "checked-only"
    );
}

fn os_change() -> OsChange {
    OsChange {
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        imageid: "e215580f-73ad-429d-b6f2-5433947433b0".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn change_os_sends_the_pages_key_pair_and_encrypted_disk_requests() {
    let server = MockServer::start().await;
    let route = format!("/v2/{PROJECT}/cloudservers/srv-1/changeos");
    expect_job(&server, &route, json!({"os-change": {"keyname": "KeyPair-350b", "userid": "7e25b1da389f4697a79df3a0e5bd494e", "imageid": "e215580f-73ad-429d-b6f2-5433947433b0"}}), "ff80808288d41e1b018990260955686a").await;
    expect_job(&server, &route, json!({"os-change": {"userid": "7e25b1da389f4697a79df3a0e5bd494e", "imageid": "e215580f-73ad-429d-b6f2-5433947433b0", "metadata": {"__system__encrypted": "1", "__system__cmkid": "83cdb52d-9ebf-4469-9cfa-e7b5b80da846"}}}), "encrypted").await;
    let c = client(&server);
    let with_key = OsChange {
        keyname: Some("KeyPair-350b".into()),
        ..os_change()
    };
    assert_eq!(
        c.change_os("srv-1", &with_key).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let encrypted = OsChange {
        metadata: Some(OsReinstallMetadata {
            system_encrypted: Some(SystemEncryption::Encrypted),
            system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
            ..Default::default()
        }),
        ..os_change()
    };
    assert_eq!(
        c.change_os("srv-1", &encrypted).await.unwrap().job_id,
        "encrypted"
    );
}

#[tokio::test]
async fn change_os_refuses_an_image_id_that_is_no_uuid_and_a_key_id_without_encryption() {
    let server = MockServer::start().await;
    let c = client(&server);
    let bad_image = OsChange {
        imageid: "CentOS 7".into(),
        ..os_change()
    };
    assert_refused(
        c.change_os("srv-1", &bad_image).await,
        &[("imageid", "must be a UUID (8-4-4-4-12 hexadecimal digits)")],
    );
    let key_alone = OsChange {
        metadata: Some(OsReinstallMetadata {
            system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
            ..Default::default()
        }),
        ..os_change()
    };
    assert_refused(
        c.change_os("srv-1", &key_alone).await,
        &[(
            "metadata.__system__cmkid",
            "`metadata.__system__cmkid` requires `metadata.__system__encrypted` to be set as well",
        )],
    );
    assert_nothing_sent(&server).await;
}

/// The page's example answer of "Modifying ECS Details", as published.
fn updated_server_answer() -> Value {
    json!({
      "server": {
        "tenant_id": "66c860cb130b465fbafcdee43fb09c64",
        "image": "",
        "accessIPv4": "",
        "addresses": {
          "01d7aef8-442b-408e-b82f-13afff51e4e4": [
            {"addr": "192.168.26.22", "version": 4}
          ]
        },
        "metadata": {"virtual_env_type": "FusionCompute"},
        "description": "",
        "accessIPv6": "",
        "created": "2019-04-25T11:52:53Z",
        "hostId": "57d278e7c53d07cd34fad3ba4fdc9f3d779017d0879726d83b45a22a",
        "OS-EXT-SRV-ATTR:hostname": "new-test-hostname",
        "flavor": {
          "links": [
            {"rel": "bookmark", "href": "https://None/66c860cb130b465fbafcdee43fb09c64/flavors/s2.large.2"}
          ],
          "id": "s2.large.2"
        },
        "OS-DCF:diskConfig": "MANUAL",
        "user_id": "f88581d53be64716a985c66ca28c75f6",
        "name": "new-test-hostname",
        "progress": 0,
        "links": [
          {"rel": "self", "href": "https://None/v2/66c860cb130b465fbafcdee43fb09c64/servers/24930df0-db4c-4a8b-8914-d0bd558564b0"},
          {"rel": "bookmark", "href": "https://None/66c860cb130b465fbafcdee43fb09c64/servers/24930df0-db4c-4a8b-8914-d0bd558564b0"}
        ],
        "id": "24930df0-db4c-4a8b-8914-d0bd558564b0",
        "updated": "2019-04-28T08:15:36Z",
        "status": "ACTIVE"
      }
    })
}

#[tokio::test]
async fn update_server_puts_the_new_name_and_reads_the_updated_ecs() {
    let server = MockServer::start().await;
    expect_json(
        &server,
        "PUT",
        &format!("/v1/{PROJECT}/cloudservers/srv-1"),
        json!({"server": {"name": "new-server-test"}}),
        updated_server_answer(),
    )
    .await;
    let body = ServerUpdate {
        name: Some("new-server-test".into()),
        ..Default::default()
    };
    let updated = client(&server)
        .update_server("srv-1", &body)
        .await
        .unwrap()
        .server;
    assert_eq!(updated.id, "24930df0-db4c-4a8b-8914-d0bd558564b0");
    assert_eq!(updated.status, Some(ServerStatus::Active));
    assert_eq!(updated.disk_config, Some(DiskConfig::Manual));
    assert_eq!(updated.hostname.as_deref(), Some("new-test-hostname"));
    assert_eq!(updated.progress, Some(0));
    assert_eq!(
        updated.flavor.as_ref().and_then(|f| f.id.as_deref()),
        Some("s2.large.2")
    );
    let addresses = updated.addresses.as_ref().unwrap();
    let net = &addresses["01d7aef8-442b-408e-b82f-13afff51e4e4"];
    assert_eq!((net[0].addr.as_str(), net[0].version), ("192.168.26.22", 4));
}

#[tokio::test]
async fn update_server_refuses_a_name_or_description_past_its_length_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let body = ServerUpdate {
        name: Some("n".repeat(129)),
        description: Some("d".repeat(86)),
        security_options: Some(SecurityOptions {
            tpm_enabled: true,
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_refused(
        c.update_server("srv-1", &body).await,
        &[
            ("name", "must be 1 to 128 characters long, got 129"),
            ("description", "must be 0 to 85 characters long, got 86"),
        ],
    );
    let empty_name = ServerUpdate {
        name: Some(String::new()),
        ..Default::default()
    };
    assert_refused(
        c.update_server("srv-1", &empty_name).await,
        &[("name", "must be 1 to 128 characters long, got 0")],
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn update_server_metadata_posts_the_pairs_and_reads_them_back() {
    let server = MockServer::start().await;
    expect_json(
        &server,
        "POST",
        &format!("/v1/{PROJECT}/cloudservers/srv-1/metadata"),
        json!({"metadata": {"key": "value"}}),
        json!({"metadata": {"key": "value"}}),
    )
    .await;
    let body = ServerMetadata {
        metadata: [("key".to_string(), "value".to_string())].into(),
        ..Default::default()
    };
    let applied = client(&server)
        .update_server_metadata("srv-1", &body)
        .await
        .unwrap();
    assert_eq!(
        applied.metadata.get("key").map(String::as_str),
        Some("value")
    );
    assert_eq!(applied.metadata.len(), 1);
}
