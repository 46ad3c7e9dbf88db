//! What the generated types promise beyond serde's defaults: three-state nullable fields, enums
//! that keep unknown values, the documented wire quirks, redacted secrets and validation.

use otc_ecs::Nullable;
use otc_ecs::types::{
    DiskConfig, Job, JobStatus, OsReinstall, OsReinstallMetadata, PowerState, Rebuild,
    RebuildServerResponse, ReinstallMode, ServerImage, ServerStatus, ShowServerResponse,
    SystemEncryption,
};
use serde_json::json;

fn rebuild() -> Rebuild {
    Rebuild {
        image_ref: "3ed456f5-3d8f-4383-a6c9-312032afcd1a".into(),
        ..Rebuild::default()
    }
}

#[test]
fn key_name_says_absent_null_or_a_value() {
    let absent = rebuild();
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        json!({"imageRef": "3ed456f5-3d8f-4383-a6c9-312032afcd1a"})
    );
    assert_eq!(absent.required_microversion(), None);

    let cleared = Rebuild {
        key_name: Nullable::Null,
        ..rebuild()
    };
    assert_eq!(
        serde_json::to_value(&cleared).unwrap()["key_name"],
        json!(null)
    );
    assert_eq!(
        cleared.required_microversion().map(|v| v.to_string()),
        Some("2.54".into())
    );

    let set = Rebuild {
        key_name: Nullable::Value("kp".into()),
        ..rebuild()
    };
    assert_eq!(serde_json::to_value(&set).unwrap()["key_name"], json!("kp"));

    let back: Rebuild = serde_json::from_value(json!({"imageRef": "x", "key_name": null})).unwrap();
    assert_eq!(back.key_name, Nullable::Null);
    let back: Rebuild = serde_json::from_value(json!({"imageRef": "x"})).unwrap();
    assert_eq!(back.key_name, Nullable::Absent);
}

#[test]
fn enums_keep_values_they_do_not_know() {
    let status: ServerStatus = serde_json::from_value(json!("HIBERNATED")).unwrap();
    assert_eq!(status, ServerStatus::Other("HIBERNATED".into()));
    assert_eq!(serde_json::to_value(&status).unwrap(), json!("HIBERNATED"));
    assert_eq!(
        serde_json::from_value::<ServerStatus>(json!("SOFT_DELETED")).unwrap(),
        ServerStatus::SoftDeleted
    );
    assert_eq!(
        serde_json::from_value::<ServerStatus>(json!("UNKNOWN")).unwrap(),
        ServerStatus::Unknown
    );
    assert_eq!(
        serde_json::from_value::<ServerStatus>(json!("HARD_REBOOT")).unwrap(),
        ServerStatus::HardReboot
    );
    assert_eq!(
        serde_json::from_value::<JobStatus>(json!("WAITING"))
            .unwrap()
            .as_str(),
        "WAITING"
    );
    assert_eq!(DiskConfig::from("AUTO"), DiskConfig::Auto);
    assert_eq!(SystemEncryption::Encrypted.as_str(), "1");
}

#[test]
fn integer_enums_keep_values_they_do_not_know() {
    let state: PowerState = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(state, PowerState::Other(7));
    assert!(!state.is_known());
    assert_eq!(serde_json::to_value(&state).unwrap(), json!(7));
    let negative: PowerState = serde_json::from_value(json!(-3)).unwrap();
    assert_eq!(serde_json::to_value(&negative).unwrap(), json!(-3));
    let running: PowerState = serde_json::from_value(json!(1)).unwrap();
    assert_eq!(running, PowerState::Running);
    assert_eq!((running.value(), running.to_string()), (1, "1".to_string()));
    assert_eq!(serde_json::to_value(PowerState::Crashed).unwrap(), json!(4));
    assert_eq!(PowerState::from(3), PowerState::Shutdown);
    assert_eq!(PowerState::KNOWN, &[0, 1, 2, 3, 4]);
    assert_eq!(format!("{:?}", PowerState::Other(9)), "Other(9)");
    // A string, even of a listed number, or a fraction is not an integer state.
    assert!(serde_json::from_value::<PowerState>(json!("1")).is_err());
    assert!(serde_json::from_value::<PowerState>(json!(1.5)).is_err());
    // Inside the answer, an unknown state is kept and written back.
    let answer = json!({"server": {"id": "s-1", "status": "ACTIVE", "OS-EXT-STS:power_state": 9}});
    let shown: ShowServerResponse = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(shown.server.power_state, Some(PowerState::Other(9)));
    assert_eq!(serde_json::to_value(&shown).unwrap(), answer);
}

#[test]
fn documented_wire_quirks_deserialize() {
    let body = json!({"server": {
        "id": "s1", "image": "", "progress": null, "status": "REBUILD",
        "addresses": {"net-a": [{"addr": "192.168.0.119", "version": 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:zone": "z1"}]},
        "accessIPv4": "", "OS-DCF:diskConfig": "MANUAL", "locked": false
    }});
    let r: RebuildServerResponse = serde_json::from_value(body.clone()).unwrap();
    assert!(matches!(r.server.image, Some(ServerImage::Empty(_))));
    assert_eq!(r.server.progress, Nullable::Null);
    let addresses = r.server.addresses.as_ref().unwrap();
    assert_eq!(addresses["net-a"][0].version, 4);
    assert_eq!(
        addresses["net-a"][0].ip_type.as_ref().map(|t| t.as_str()),
        Some("fixed")
    );
    assert_eq!(addresses["net-a"][0].extra["OS-EXT-IPS:zone"], json!("z1"));
    assert_eq!(r.server.extra["locked"], json!(false));
    assert_eq!(serde_json::to_value(&r).unwrap(), body);

    let numeric: RebuildServerResponse =
        serde_json::from_value(json!({"server": {"id": "s1", "progress": 40}})).unwrap();
    assert_eq!(numeric.server.progress, Nullable::Value(40));
}

#[test]
fn secrets_never_reach_debug_output() {
    let r = Rebuild {
        admin_pass: Some("Sup3r-secret".into()),
        user_data: Some("c2VjcmV0".into()),
        ..rebuild()
    };
    let shown = format!("{r:?}");
    assert!(
        !shown.contains("Sup3r-secret") && !shown.contains("c2VjcmV0"),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"));

    let o = OsReinstall {
        adminpass: Some("Pa55word!".into()),
        metadata: Some(OsReinstallMetadata {
            user_data: Some("aGVsbG8=".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let shown = format!("{o:?}");
    assert!(
        !shown.contains("Pa55word!") && !shown.contains("aGVsbG8="),
        "{shown}"
    );

    let resp: RebuildServerResponse = serde_json::from_value(json!({"server": {
        "id": "s1", "adminPass": "seekr3t", "user_data": "ZWNobyAiaGVsbG8gd29ybGQi"
    }}))
    .unwrap();
    let shown = format!("{resp:?}");
    assert!(
        !shown.contains("seekr3t") && !shown.contains("ZWNobyAi"),
        "{shown}"
    );
    assert!(
        shown.contains("user_data"),
        "unknown fields are listed by name: {shown}"
    );
}

#[test]
fn validation_reports_every_broken_rule_by_field() {
    let body = OsReinstall {
        adminpass: Some("short".into()),
        keyname: Some("KeyPair-350b".into()),
        mode: Some(ReinstallMode::Other("later".into())),
        metadata: Some(OsReinstallMetadata {
            system_cmkid: Some("not-a-uuid".into()),
            user_data: Some("not base64!".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let err = body.validate().unwrap_err();
    let fields: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    for expected in [
        "adminpass",
        "mode",
        "metadata.__system__cmkid",
        "metadata.user_data",
        "keyname",
    ] {
        assert!(
            fields.iter().any(|f| f.contains(expected)),
            "{expected} missing in {fields:?}: {err}"
        );
    }

    let ok = OsReinstall {
        keyname: Some("KeyPair-350b".into()),
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        metadata: Some(OsReinstallMetadata {
            system_encrypted: Some(SystemEncryption::Encrypted),
            system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(ok.validate(), Ok(()));

    let long_name = Rebuild {
        name: Some("x".repeat(255)),
        ..rebuild()
    };
    assert!(
        long_name
            .validate()
            .unwrap_err()
            .to_string()
            .contains("name")
    );
}

#[test]
fn a_failed_job_keeps_its_error_code_and_reason() {
    let job: Job = serde_json::from_value(json!({
        "status": "FAIL", "job_id": "j1", "error_code": "Ecs.0100", "fail_reason": "not stopped",
        "entities": {"server_id": "s1", "sub_jobs_total": 1, "sub_jobs": [{"status": "FAIL", "entities": {"errorcode_message": "x"}}]}
    }))
    .unwrap();
    assert_eq!(job.status, JobStatus::Fail);
    assert_eq!(
        job.error_code.as_value().map(String::as_str),
        Some("Ecs.0100")
    );
    assert_eq!(
        job.entities.unwrap().sub_jobs.unwrap()[0].status,
        Some(JobStatus::Fail)
    );
}

#[test]
fn an_object_reads_its_fields_however_the_json_spells_their_names() {
    // `\u0069` is `i`: an escaped name is the same field as a plain one (serde_json hands it over
    // as an owned string, a plain one as a slice of the input).
    let job: Job = serde_json::from_str(r#"{"status": "RUNNING", "job_\u0069d": "j-1"}"#).unwrap();
    assert_eq!(job.job_id.as_deref(), Some("j-1"));
    assert!(job.extra.is_empty(), "{:?}", job.extra);

    // From a buffered value too (the path an untagged one-of variant takes).
    let value = json!({"status": "SUCCESS", "job_id": "j-2", "x-new": [1]});
    let job: Job = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(job.job_id.as_deref(), Some("j-2"));
    assert_eq!(job.extra.get("x-new"), Some(&json!([1])));
    assert_eq!(serde_json::to_value(&job).unwrap(), value);
}

#[test]
fn an_object_refuses_a_field_twice_and_a_value_that_is_not_an_object() {
    let twice =
        serde_json::from_str::<Job>(r#"{"status": "SUCCESS", "job_id": null, "job_id": "a"}"#)
            .unwrap_err()
            .to_string();
    assert!(twice.starts_with("duplicate field `job_id`"), "{twice}");

    let missing = serde_json::from_str::<Job>(r#"{"job_id": "a"}"#)
        .unwrap_err()
        .to_string();
    assert!(missing.starts_with("missing field `status`"), "{missing}");

    let not_object = serde_json::from_str::<Job>(r#"["SUCCESS"]"#)
        .unwrap_err()
        .to_string();
    assert!(
        not_object.starts_with("invalid type: sequence, expected a Job object"),
        "{not_object}"
    );
}
