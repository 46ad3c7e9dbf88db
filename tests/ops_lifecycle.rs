//! The lifecycle operations of "APIs (recommended)" (create, list) over loopback (wiremock): the
//! exact request each sends, the page's example answers decoded into the typed output, and every
//! documented rule the client checks refusing a bad value before anything is sent.

mod ops_support;
mod support;

use futures_util::StreamExt;
use ops_support::{PROJECT, TOKEN, client, job_answers_once, queries, wait};
use otc_ecs::operations::ListServersQuery;
use otc_ecs::types::{
    BandwidthShareType, CloudServerPowerState, CreateServersRequest, DataVolume, DiskMetadata,
    EipBandwidth, ExtraDhcpOpt, FreezeStatus, ImageVisibility, NewEip, NewServer, NewServerNic,
    NewServerSecurityGroup, PublicIp, RootVolume, ServerDetail, ServerStatus, SystemEncryption,
};
use otc_ecs::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn nothing_sent(server: &MockServer) {
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty(), "{} request(s) sent", requests.len());
}

/// The create page's Example Request 1, as typed values.
fn example_request_1() -> CreateServersRequest {
    CreateServersRequest {
        server: NewServer {
            availability_zone: Some("az1-dc1".into()),
            name: "newserver".into(),
            image_ref: "imageid_123".into(),
            root_volume: RootVolume {
                volume_type: "SSD".into(),
                ..Default::default()
            },
            data_volumes: Some(vec![
                DataVolume {
                    volume_type: "SSD".into(),
                    size: 100,
                    ..Default::default()
                },
                DataVolume {
                    volume_type: "SSD".into(),
                    size: 100,
                    multiattach: Some(true),
                    passthrough: Some(true),
                    ..Default::default()
                },
            ]),
            flavor_ref: "m3.large.8".into(),
            vpcid: "0dae26c9-9a70-4392-93f3-87d53115d171".into(),
            security_groups: Some(vec![NewServerSecurityGroup {
                id: Some("507ca48f-814c-4293-8706-300564d54620".into()),
                ..Default::default()
            }]),
            nics: vec![NewServerNic {
                subnet_id: "157ee789-03ea-45b1-a698-76c92660dd83".into(),
                extra_dhcp_opts: Some(vec![ExtraDhcpOpt {
                    opt_value: 8888,
                    opt_name: "26".into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }],
            public_ip: Some(PublicIp {
                eip: Some(NewEip {
                    ip_type: "5_bgp".into(),
                    ..NewEip::new(EipBandwidth {
                        size: 10,
                        ..EipBandwidth::new(BandwidthShareType::Per)
                    })
                }),
                ..Default::default()
            }),
            key_name: Some("sshkey-123".into()),
            count: Some(1),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A small valid request, for the refusal tests to break one rule at a time.
fn minimal() -> CreateServersRequest {
    CreateServersRequest {
        server: NewServer {
            name: "web".into(),
            image_ref: "ff49b1f1-3e3e-4913-89c6-a026041661e8".into(),
            flavor_ref: "s3.xlarge.2".into(),
            vpcid: "0dae26c9-9a70-4392-93f3-87d53115d171".into(),
            nics: vec![NewServerNic {
                subnet_id: "157ee789-03ea-45b1-a698-76c92660dd83".into(),
                ..Default::default()
            }],
            root_volume: RootVolume {
                volume_type: "SSD".into(),
                ..Default::default()
            },
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn create_servers_sends_the_page_example_and_returns_the_job_and_server_ids() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(ops_support::request(
            "create_servers",
            "create-doc, Example Request 1",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "job_id": "ff808082739334d80173941567f21d4f",
            "serverIds": ["118258c5-0c6a-4e73-8b51-8d1ea3272e1b"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .create_servers(&example_request_1())
        .await
        .unwrap();
    assert_eq!(answer.job_id, "ff808082739334d80173941567f21d4f");
    assert_eq!(
        answer.server_ids.as_deref(),
        Some(&["118258c5-0c6a-4e73-8b51-8d1ea3272e1b".to_string()][..])
    );
}

#[tokio::test]
async fn the_create_job_is_followed_with_wait_for_job() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "job_id": "ff808082739334d80173941567f21d4f",
            "serverIds": ["118258c5-0c6a-4e73-8b51-8d1ea3272e1b"]
        })))
        .mount(&server)
        .await;
    let job_id = "ff808082739334d80173941567f21d4f";
    let ended = json!({
        "status": "SUCCESS", "job_id": job_id, "job_type": "createServer",
        "entities": {"sub_jobs_total": 1, "sub_jobs": []}
    });
    job_answers_once(&server, job_id, ended).await;
    let c = client(&server);
    let job = c.create_servers(&minimal()).await.unwrap();
    let done = wait(&c, &job.job_id).await;
    assert_eq!(done.status.as_str(), "SUCCESS");
}

#[tokio::test]
async fn a_dry_run_sends_dry_run_beside_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers")))
        .and(body_json(json!({"dry_run": true, "server": {
            "name": "web",
            "imageRef": "ff49b1f1-3e3e-4913-89c6-a026041661e8",
            "flavorRef": "s3.xlarge.2",
            "vpcid": "0dae26c9-9a70-4392-93f3-87d53115d171",
            "nics": [{"subnet_id": "157ee789-03ea-45b1-a698-76c92660dd83"}],
            "root_volume": {"volumetype": "SSD"}
        }})))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": "j-dry"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateServersRequest {
        dry_run: Some(true),
        ..minimal()
    };
    let answer = client(&server).create_servers(&body).await.unwrap();
    assert_eq!(answer.job_id, "j-dry");
    assert_eq!(answer.server_ids, None);
}

#[tokio::test]
async fn the_page_error_example_is_a_service_error() {
    let server = MockServer::start().await;
    // Example Response 2 of the create page, code and message swapped as published.
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"code": "request body is illegal.", "message": "Ecs.0005"}
        })))
        .mount(&server)
        .await;
    match client(&server).create_servers(&minimal()).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.kind.as_deref(), Some("error"));
            assert_eq!(e.code.as_deref(), Some("request body is illegal."));
            assert_eq!(e.message.as_deref(), Some("Ecs.0005"));
        }
        other => panic!("{other:?}"),
    }
}

/// Sends `body` to a server that accepts anything and asserts that the client refused it,
/// naming exactly the `expected` field paths, and sent nothing.
async fn refused(body: &CreateServersRequest, expected: &[&str]) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": "j"})))
        .mount(&server)
        .await;
    match client(&server).create_servers(body).await {
        Err(Error::Validation(v)) => {
            let paths: Vec<&str> = v.violations().iter().map(|v| v.path()).collect();
            assert_eq!(paths, expected, "{v}");
        }
        other => panic!("expected a validation error for {expected:?}, got {other:?}"),
    }
    nothing_sent(&server).await;
}

#[tokio::test]
async fn create_refuses_names_passwords_and_descriptions_of_the_wrong_length() {
    let mut body = minimal();
    body.server.name = String::new();
    refused(&body, &["server.name"]).await;
    body.server.name = "n".repeat(129);
    refused(&body, &["server.name"]).await;
    body.server.name = "n".repeat(128);
    assert_eq!(body.validate(), Ok(()));

    let mut body = minimal();
    body.server.admin_pass = Some("Sh0rt!".into());
    refused(&body, &["server.adminPass"]).await;
    body.server.admin_pass = Some("A1b!".repeat(7));
    refused(&body, &["server.adminPass"]).await;
    // The special characters the page lists, and one it does not: only the length is checked.
    body.server.admin_pass = Some("Pa55~word#*&".into());
    assert_eq!(body.validate(), Ok(()));

    let mut body = minimal();
    body.server.description = Some("d".repeat(86));
    refused(&body, &["server.description"]).await;
}

#[tokio::test]
async fn create_refuses_user_data_that_is_not_base64_or_over_32_kb() {
    let mut body = minimal();
    body.server.user_data = Some("not base64!".into());
    refused(&body, &["server.user_data"]).await;
    // 32769 zero bytes, encoded: one byte over the page's 32 KB.
    body.server.user_data = Some("A".repeat(32769 / 3 * 4));
    refused(&body, &["server.user_data"]).await;
    // 32768 zero bytes pass.
    body.server.user_data = Some(format!("{}AAA=", "A".repeat(32766 / 3 * 4)));
    assert_eq!(body.validate(), Ok(()));
    // The page's own example.
    body.server.user_data =
        Some("IyEvYmluL2Jhc2gKZWNobyB1c2VyX3Rlc3QgPiAvaG9tZS91c2VyLnR4dA==".into());
    assert_eq!(body.validate(), Ok(()));
}

#[tokio::test]
async fn create_refuses_ids_that_are_not_uuids_in_the_server_and_in_its_lists() {
    let mut body = minimal();
    body.server.vpcid = "vpc-1".into();
    body.server.public_ip = Some(PublicIp {
        id: Some("eip-1".into()),
        ..Default::default()
    });
    body.server.nics.push(NewServerNic {
        subnet_id: "subnet-1".into(),
        ..Default::default()
    });
    body.server.security_groups = Some(vec![NewServerSecurityGroup {
        id: Some("default".into()),
        ..Default::default()
    }]);
    refused(
        &body,
        &[
            "server.vpcid",
            "server.nics[1].subnet_id",
            "server.publicip.id",
            "server.security_groups[0].id",
        ],
    )
    .await;
}

#[tokio::test]
async fn create_refuses_more_nics_data_disks_or_tags_than_an_ecs_takes() {
    let mut body = minimal();
    body.server.nics = vec![body.server.nics[0].clone(); 13];
    body.server.data_volumes = Some(vec![
        DataVolume {
            volume_type: "SSD".into(),
            size: 10,
            ..Default::default()
        };
        60
    ]);
    body.server.tags = Some(vec!["k.v".to_string(); 11]);
    refused(
        &body,
        &["server.nics", "server.data_volumes", "server.tags"],
    )
    .await;
    body.server.nics.truncate(12);
    body.server.data_volumes.as_mut().unwrap().truncate(59);
    body.server.tags.as_mut().unwrap().truncate(10);
    assert_eq!(body.validate(), Ok(()));
}

#[tokio::test]
async fn create_refuses_disk_sizes_and_mtus_out_of_range() {
    let mut body = minimal();
    body.server.root_volume.size = Some(1025);
    body.server.data_volumes = Some(vec![DataVolume {
        volume_type: "SSD".into(),
        size: 9,
        ..Default::default()
    }]);
    body.server.nics[0].extra_dhcp_opts = Some(vec![ExtraDhcpOpt {
        opt_value: 1279,
        opt_name: "26".into(),
        ..Default::default()
    }]);
    body.server.count = Some(101);
    refused(
        &body,
        &[
            "server.nics[0].extra_dhcp_opts[0].opt_value",
            "server.count",
            "server.root_volume.size",
            "server.data_volumes[0].size",
        ],
    )
    .await;
}

#[tokio::test]
async fn create_refuses_the_documented_combinations() {
    // An existing EIP and a new one at once.
    let mut body = minimal();
    body.server.public_ip = Some(PublicIp {
        id: Some("0dae26c9-9a70-4392-93f3-87d53115d171".into()),
        eip: Some(NewEip {
            ip_type: "5_bgp".into(),
            ..NewEip::new(EipBandwidth {
                size: 10,
                ..EipBandwidth::new(BandwidthShareType::Per)
            })
        }),
        ..Default::default()
    });
    refused(&body, &["server.publicip.id"]).await;

    // Spreading a batch over AZs without saying how many.
    let mut body = minimal();
    body.server.batch_create_in_multi_az = Some(true);
    refused(&body, &["server.batch_create_in_multi_az"]).await;
    body.server.count = Some(3);
    assert_eq!(body.validate(), Ok(()));

    // A data disk from an image that also carries metadata.
    let mut body = minimal();
    body.server.data_volumes = Some(vec![DataVolume {
        volume_type: "SSD".into(),
        size: 100,
        data_image_id: Some("ff49b1f1-3e3e-4913-89c6-a026041661e8".into()),
        metadata: Some(DiskMetadata {
            system_encrypted: Some(SystemEncryption::Encrypted),
            ..Default::default()
        }),
        ..Default::default()
    }]);
    refused(&body, &["server.data_volumes[0].data_image_id"]).await;

    // A key ID for the system disk without the encryption flag.
    let mut body = minimal();
    body.server.root_volume.metadata = Some(DiskMetadata {
        system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
        ..Default::default()
    });
    refused(&body, &["server.root_volume.metadata.__system__cmkid"]).await;
    body.server.root_volume.metadata = Some(DiskMetadata {
        system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
        system_encrypted: Some(SystemEncryption::Encrypted),
        ..Default::default()
    });
    assert_eq!(body.validate(), Ok(()));
}

#[tokio::test]
async fn list_servers_decodes_the_page_example_with_its_string_typed_numbers() {
    let server = MockServer::start().await;
    let answer = ops_support::response("list_servers", "list-doc, Example Response");
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/detail")))
        .and(header("X-Auth-Token", TOKEN))
        .and(query_param("offset", "1"))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    // The page's example request: ten to a page, from the first page.
    let query = ListServersQuery {
        offset: Some(1),
        limit: Some(10),
        ..Default::default()
    };
    let page = client(&server).list_servers(&query).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("offset=1&limit=10"));
    assert_eq!(page.count, Some(4));
    assert_eq!(page.servers.len(), 4);
    let first = &page.servers[0];
    assert_eq!(first.id, "b37fd80e-ac67-4d02-b9f1-9891c9c0fabf");
    assert_eq!(first.status, ServerStatus::Shutoff);
    assert!(matches!(first.fault, otc_ecs::Nullable::Null));
    let addresses = &first.addresses.as_ref().unwrap()["164489f6-cbf7-45b4-b6d0-d407c48cf7fc"];
    assert_eq!(addresses[0].version.as_deref(), Some("4"));
    assert_eq!(
        addresses[0].port_id.as_deref(),
        Some("7b5d615c-186d-4646-9cb8-444addfe9b92")
    );
    let flavor = first.flavor.as_ref().unwrap();
    assert_eq!(flavor.ram.as_deref(), Some("1024"));
    let volume = &first.volumes_attached.as_ref().unwrap()[0];
    assert_eq!(volume.delete_on_termination.as_deref(), Some("false"));
    assert_eq!(volume.boot_index.as_deref(), Some("0"));
    let metadata = first.metadata.as_ref().unwrap();
    assert_eq!(metadata.charging_mode.as_deref(), Some("1"));
    assert_eq!(metadata.metering_image_type, Some(ImageVisibility::Gold));
    assert_eq!(metadata.ecm_res_status, None::<FreezeStatus>);
    assert_eq!(
        metadata.extra.get("lockSourceId"),
        None,
        "a named key is a field"
    );
    assert_eq!(
        first.sys_tags.as_ref().unwrap()[0].key,
        "_sys_enterprise_project_id"
    );
    assert_eq!(first.power_state, Some(CloudServerPowerState::Shutdown));
    // Keys of the user's own are kept beside the system's.
    let windows = &page.servers[3];
    assert_eq!(
        windows.metadata.as_ref().unwrap().extra["sadfasfasf"],
        "sdffffd"
    );
    assert_eq!(windows.progress, Some(0));
    // The user data (here a root password hash) never shows in Debug output.
    let shown = format!("{first:?}");
    assert!(!shown.contains("IyEvYmluL2Jhc2gK"), "{shown}");

    // Why the entries are not show_server's ServerDetail: its types refuse the strings.
    let entry = answer["servers"][0].clone();
    assert!(serde_json::from_value::<ServerDetail>(entry).is_err());
}

#[tokio::test]
async fn list_servers_sends_its_filters_and_refuses_bounds_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/detail")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 0, "servers": []})))
        .mount(&server)
        .await;
    let c = client(&server);
    let filters = ListServersQuery {
        offset: Some(0),
        flavor: Some("c3.large.2".into()),
        name: Some("ecs-.".into()),
        status: Some(ServerStatus::Shutoff),
        limit: Some(1000),
        tags: Some("env=prod".into()),
        not_tags: Some("__type_baremetal".into()),
        reservation_id: Some("r-a8mg9vwr".into()),
        ip: Some("192.168.0.2".into()),
    };
    let page = c.list_servers(&filters).await.unwrap();
    assert_eq!(page.count, Some(0));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(
            "offset=0&flavor=c3.large.2&name=ecs-.&status=SHUTOFF&limit=1000&tags=env%3Dprod\
             &not-tags=__type_baremetal&reservation_id=r-a8mg9vwr&ip=192.168.0.2"
        )
    );

    for (bad, parameter) in [
        (
            ListServersQuery {
                offset: Some(-1),
                ..Default::default()
            },
            "offset",
        ),
        (
            ListServersQuery {
                limit: Some(1001),
                ..Default::default()
            },
            "limit",
        ),
    ] {
        match c.list_servers(&bad).await {
            Err(Error::Validation(v)) => {
                let paths: Vec<&str> = v.violations().iter().map(|v| v.path()).collect();
                assert_eq!(paths, [parameter], "{v}");
            }
            other => panic!("{parameter}: {other:?}"),
        }
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// Every item of `list_servers_stream`, by ID, errors included.
async fn servers_of_stream(c: &Client, query: &ListServersQuery) -> Vec<Result<String, Error>> {
    let stream = c.list_servers_stream(query);
    let mut stream = std::pin::pin!(stream);
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item.map(|s| s.id));
    }
    out
}

fn servers_page(ids: &[&str], count: i64) -> serde_json::Value {
    let servers: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| json!({"id": id, "status": "ACTIVE"}))
        .collect();
    json!({"count": count, "servers": servers})
}

#[tokio::test]
async fn list_servers_stream_counts_pages_and_stops_on_a_short_page() {
    let server = MockServer::start().await;
    for (offset, ids) in [("1", &["a", "b"][..]), ("2", &["c"][..])] {
        Mock::given(method("GET"))
            .and(path(format!("/v1/{PROJECT}/cloudservers/detail")))
            .and(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(servers_page(ids, 9)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let query = ListServersQuery {
        limit: Some(2),
        status: Some(ServerStatus::Active),
        ..Default::default()
    };
    let ids: Vec<String> = servers_of_stream(&client(&server), &query)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let queries = queries(&server).await;
    assert_eq!(
        queries,
        [
            "offset=1&status=ACTIVE&limit=2",
            "offset=2&status=ACTIVE&limit=2"
        ]
    );
}

#[tokio::test]
async fn list_servers_stream_stops_once_it_has_count_servers_and_asks_for_the_default_page_size() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/detail")))
        .and(query_param("offset", "3"))
        .and(query_param("limit", "25"))
        .respond_with(ResponseTemplate::new(200).set_body_json(servers_page(&["x", "y"], 2)))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListServersQuery {
        offset: Some(3),
        ..Default::default()
    };
    let ids: Vec<String> = servers_of_stream(&client(&server), &query)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, ["x", "y"]);
}

#[tokio::test]
async fn show_server_details_decodes_the_page_example_into_the_listed_server_type() {
    let server = MockServer::start().await;
    let answer = ops_support::response("show_server_details", "details-doc, Example Response");
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/4f4b3dfa-eb70-47cf-a60a-998a53bd598a"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let shown = client(&server)
        .show_server_details("4f4b3dfa-eb70-47cf-a60a-998a53bd598a")
        .await
        .unwrap();
    let ecs = &shown.server;
    assert_eq!(ecs.status, ServerStatus::Active);
    assert_eq!(ecs.power_state, Some(CloudServerPowerState::Running));
    assert!(matches!(ecs.user_data, otc_ecs::Nullable::Null));
    let options = ecs.security_options.as_ref().unwrap();
    assert!(matches!(options.tpm_enabled, otc_ecs::Nullable::Null));
    let flavor = ecs.flavor.as_ref().unwrap();
    assert_eq!(flavor.vcpus.as_deref(), Some("2"));
    assert_eq!(flavor.extra["asic_accelerators"][0]["name"], "asic_01");
    let metadata = ecs.metadata.as_ref().unwrap();
    assert_eq!(metadata.metering_image_type, Some(ImageVisibility::Gold));
    assert_eq!(metadata.extra["__support_agent_list"], "hss,ces");
    assert_eq!(ecs.extra["spod_id"], serde_json::Value::Null);
}
