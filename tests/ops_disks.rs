//! The disk operations (`spec/disks.yaml`) against a loopback server: the exact requests the
//! pages document, their example answers decoded into the typed outputs, and the rules checked
//! before anything is sent.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client, job_answers_once, received, wait};
use otc_ecs::Error;
use otc_ecs::operations::DetachVolumeQuery;
use otc_ecs::types::{
    AttachVolumeRequest, DetachForce, DiskBus, DiskPassthrough, DiskSize, JobStatus, VolumeToAttach,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVER: &str = "4d8c3732-a248-40ed-bebc-539a6ffd25c0";
const VOLUME: &str = "a26887c6-c47b-4654-abb5-dfadf7d3f803";
const JOB: &str = "ff80808288d41e1b018990260955686a";

/// attach-doc, Example Request 1, as typed values.
fn scsi_attachment() -> AttachVolumeRequest {
    AttachVolumeRequest {
        volume_attachment: VolumeToAttach {
            volume_id: VOLUME.into(),
            device: Some("/dev/sda".into()),
            volume_type: Some("SSD".into()),
            count: Some(5),
            passthrough: Some(DiskPassthrough::Scsi),
            ..Default::default()
        },
        dry_run: Some(false),
        ..Default::default()
    }
}

/// list-bd-doc, Example Response (sizes as numbers).
fn v1_list() -> Value {
    json!({
        "attachableQuantity": {"free_scsi": 23, "free_blk": 15, "free_disk": 23},
        "volumeAttachments": [
            {"pciAddress": "0000:02:01.0", "volumeId": VOLUME, "device": "/dev/vda",
             "serverId": SERVER, "id": VOLUME, "size": 40, "bootIndex": 0, "bus": "virtio"},
            {"pciAddress": "0000:02:02.0", "volumeId": "a26887c6-c47b-4654-abb5-asdf234r234r",
             "device": "/dev/vdb", "serverId": SERVER, "id": "a26887c6-c47b-4654-abb5-asdf234r234r",
             "size": 10, "bootIndex": 1, "bus": "virtio"}
        ]
    })
}

/// show-bd-doc and show-va-doc, Example Response (the size as a string).
fn one_attachment() -> Value {
    json!({"volumeAttachment": {
        "pciAddress": "0000:02:01.0", "volumeId": "a26887c6-c47b-4654-abb5-asdf234r234r",
        "device": "/dev/vda", "serverId": SERVER, "id": "a26887c6-c47b-4654-abb5-asdf234r234r",
        "size": "40", "bootIndex": 0, "bus": "virtio"
    }})
}

#[tokio::test]
async fn attach_volume_posts_the_documented_body_and_its_job_is_followed_to_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/attachvolume"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({
            "volumeAttachment": {
                "volumeId": VOLUME,
                "device": "/dev/sda",
                "volume_type": "SSD",
                "count": 5,
                "hw:passthrough": "true"
            },
            "dry_run": false
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let ended = json!({
        "status": "SUCCESS", "job_id": JOB, "job_type": "attachVolume",
        "entities": {"server_id": SERVER}
    });
    job_answers_once(&server, JOB, ended).await;
    let c = client(&server);
    let job = c.attach_volume(SERVER, &scsi_attachment()).await.unwrap();
    assert_eq!(job.job_id, JOB);
    let done = wait(&c, &job.job_id).await;
    assert_eq!(done.status, JobStatus::Success);
    assert_eq!(done.job_type.as_deref(), Some("attachVolume"));
}

#[tokio::test]
async fn attach_volume_sends_a_dry_run_and_accepts_202() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/{SERVER}/attachvolume")))
        .and(body_json(json!({
            "volumeAttachment": {"volumeId": VOLUME, "volume_type": "SSD", "count": 1, "hw:passthrough": "true"},
            "dry_run": true
        })))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let mut check = scsi_attachment();
    check.volume_attachment.device = None;
    check.volume_attachment.count = Some(1);
    check.dry_run = Some(true);
    let job = client(&server).attach_volume(SERVER, &check).await.unwrap();
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn attach_volume_refuses_a_volume_id_that_is_not_a_uuid_and_sends_nothing() {
    let server = MockServer::start().await;
    let mut bad = scsi_attachment();
    bad.volume_attachment.volume_id = "a26887c6-c47b-4654-abb5-asdf234r234r".into();
    match client(&server).attach_volume(SERVER, &bad).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.violations().len(), 1, "{v}");
            assert_eq!(v.violations()[0].path(), "volumeAttachment.volumeId");
        }
        other => panic!("{other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn attach_volume_refuses_an_undocumented_passthrough_value_and_sends_nothing() {
    let server = MockServer::start().await;
    let mut bad = scsi_attachment();
    bad.volume_attachment.passthrough = Some(DiskPassthrough::Other("yes".into()));
    match client(&server).attach_volume(SERVER, &bad).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.violations()[0].path(), "volumeAttachment.hw:passthrough");
        }
        other => panic!("{other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn detach_volume_deletes_the_documented_path_without_a_body_or_query_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/detachvolume/{VOLUME}"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let job = client(&server)
        .detach_volume(SERVER, VOLUME, &DetachVolumeQuery::default())
        .await
        .unwrap();
    assert_eq!(job.job_id, JOB);
    let requests = received(&server).await;
    assert!(requests[0].body.is_empty(), "a detach has no body");
    assert_eq!(
        requests[0].url.query(),
        None,
        "delete_flag left out is not sent"
    );
}

#[tokio::test]
async fn detach_volume_sends_delete_flag_1_to_force_the_detach() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/detachvolume/{VOLUME}"
        )))
        .and(query_param("delete_flag", "1"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let query = DetachVolumeQuery {
        force: Some(DetachForce::Force),
    };
    let job = client(&server)
        .detach_volume(SERVER, VOLUME, &query)
        .await
        .unwrap();
    assert_eq!(job.job_id, JOB);
    assert_eq!(
        received(&server).await[0].url.query(),
        Some("delete_flag=1")
    );
}

#[tokio::test]
async fn list_block_devices_reads_the_v1_list_with_numeric_sizes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/block_device"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(v1_list()))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server).list_block_devices(SERVER).await.unwrap();
    let free = list.attachable_quantity.as_ref().unwrap();
    assert_eq!(
        (free.free_scsi, free.free_blk, free.free_disk),
        (Some(23), Some(15), Some(23))
    );
    let disks = list.volume_attachments.as_deref().unwrap();
    assert_eq!(disks.len(), 2);
    assert_eq!(disks[0].volume_id, VOLUME);
    assert_eq!(disks[0].server_id.as_deref(), Some(SERVER));
    assert_eq!(disks[0].size, Some(DiskSize::Gib(40)));
    assert_eq!(disks[0].boot_index, Some(0));
    assert_eq!(disks[0].bus, Some(DiskBus::Virtio));
    assert_eq!(disks[1].device.as_deref(), Some("/dev/vdb"));
    assert_eq!(disks[1].pci_address.as_deref(), Some("0000:02:02.0"));
    assert!(
        received(&server).await[0].body.is_empty(),
        "a GET has no body"
    );
}

#[tokio::test]
async fn show_block_device_reads_one_disk_whose_size_comes_as_a_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/block_device/{VOLUME}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(one_attachment()))
        .expect(1)
        .mount(&server)
        .await;
    let shown = client(&server)
        .show_block_device(SERVER, VOLUME)
        .await
        .unwrap();
    let disk = &shown.volume_attachment;
    assert_eq!(disk.id, "a26887c6-c47b-4654-abb5-asdf234r234r");
    assert_eq!(disk.size, Some(DiskSize::Text("40".into())));
    assert_eq!(disk.device.as_deref(), Some("/dev/vda"));
    assert_eq!(disk.boot_index, Some(0));
}

#[tokio::test]
async fn list_volume_attachments_uses_the_v2_1_path_without_project_or_microversion() {
    let server = MockServer::start().await;
    let mut answer = v1_list();
    answer["volumeAttachments"][0]["size"] = json!("40");
    answer["volumeAttachments"][1]["size"] = json!("10");
    Mock::given(method("GET"))
        .and(path(format!("/v2.1/servers/{SERVER}/block_device")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server)
        .list_volume_attachments(SERVER)
        .await
        .unwrap();
    let disks = list.volume_attachments.as_deref().unwrap();
    assert_eq!(disks[1].size, Some(DiskSize::Text("10".into())));
    assert_eq!(disks[1].boot_index, Some(1));
    let requests = received(&server).await;
    assert!(requests[0].headers.get("openstack-api-version").is_none());
    assert!(
        requests[0]
            .headers
            .get("x-openstack-nova-api-version")
            .is_none()
    );
}

#[tokio::test]
async fn show_volume_attachment_uses_the_v2_1_path_and_reads_ecs_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v2.1/servers/{SERVER}/block_device/{VOLUME}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(one_attachment()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.1/servers/{SERVER}/block_device/missing")))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": "Ecs.0114", "message": "The ECS does not exist."}}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let shown = c.show_volume_attachment(SERVER, VOLUME).await.unwrap();
    assert_eq!(shown.volume_attachment.bus, Some(DiskBus::Virtio));
    assert_eq!(
        shown.volume_attachment.size,
        Some(DiskSize::Text("40".into()))
    );
    let err = c
        .show_volume_attachment(SERVER, "missing")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.service_code(), Some("Ecs.0114"));
}
