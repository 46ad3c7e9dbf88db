//! How fast the lossless types decode, against plain serde structs of the same fields:
//!
//! ```sh
//! cargo run --release -p otc-ecs-tests --example decode_speed            # 20,000 rounds
//! cargo run --release -p otc-ecs-tests --example decode_speed -- 100000
//! valgrind --tool=callgrind target/release/examples/decode_speed 2000 generated page   # or plain, unknown
//! ```
//!
//! It reads the `show_server` answers of the spec's examples (the page's `GET
//! /v2.1/{project_id}/servers/{server_id}` answer) as `otc_ecs::types::ShowServerResponse` (through
//! `otc_ecs::json::from_slice`, the client's own reader) and as
//! the plain structs below (`#[derive(Deserialize)]`, unknown fields dropped, enums as their
//! wire value), twice: as the page has it, and with an unknown member added to the answer and its server. It
//! prints the best time of five batches per round for each, and the ratio generated / plain. A
//! program run by hand, not a test: its timings are not checked. On a busy machine count
//! instructions instead (callgrind's total, less that of a run with 0 rounds, over 5 × rounds reads).

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

/// A plain serde struct from `object!`'s grammar: `required` as `T`, `optional` and `nullable`
/// as `Option<T>` (absent and `null` alike), `json` as `serde_json::Value`.
macro_rules! plain {
    (@ty required $ty:ty) => { $ty };
    (@ty json $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { Option<$ty> };
    (@ty nullable $ty:ty) => { Option<$ty> };
    (
        pub struct $name:ident {
            $($field:ident: $kind:ident $($secret:ident)? $wire:literal $ty:ty,)*
        }
    ) => {
        #[derive(Deserialize)]
        #[allow(dead_code, reason = "only read")]
        pub struct $name {
            $(
                #[serde(rename = $wire)]
                pub $field: plain!(@ty $kind $ty),
            )*
        }
    };
}

/// The generated crate's string and integer enums, as their wire values.
type ServerStatus = String;
type DiskConfig = String;
type PowerState = i64;

/// `ServerImage`: the image, or `""` for a server booted from a volume.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "only read")]
pub enum ServerImage {
    Image(ImageRef),
    Empty(otc_ecs::EmptyString),
}

// The object! calls of generated/src/types/show_server.rs and rebuild_server.rs for the types
// of the answer, without their doc comments and derives.
plain! {
    pub struct AttachedVolume {
        id: required "id" String,
        delete_on_termination: optional "delete_on_termination" bool,
    }
}

plain! {
    pub struct SchedulerHints {
        tenancy: optional "tenancy" Vec<String>,
        dedicated_host_id: optional "dedicated_host_id" Vec<String>,
    }
}

plain! {
    pub struct SecurityGroupRef {
        name: required "name" String,
    }
}

plain! {
    pub struct ServerDetail {
        name: optional "name" String,
        id: required "id" String,
        status: required "status" ServerStatus,
        created: optional "created" String,
        updated: optional "updated" String,
        flavor: optional "flavor" ServerFlavor,
        image: optional "image" ServerImage,
        tenant_id: optional "tenant_id" String,
        key_name: nullable "key_name" String,
        user_id: optional "user_id" String,
        metadata: optional "metadata" ::std::collections::BTreeMap<String, String>,
        host_id: optional "hostId" String,
        addresses: optional "addresses" ::std::collections::BTreeMap<String, Vec<ServerAddress>>,
        security_groups: optional "security_groups" Vec<SecurityGroupRef>,
        links: optional "links" Vec<Link>,
        tags: optional "tags" Vec<String>,
        scheduler_hints: optional "os:scheduler_hints" SchedulerHints,
        disk_config: optional "OS-DCF:diskConfig" DiskConfig,
        availability_zone: optional "OS-EXT-AZ:availability_zone" String,
        host: nullable "OS-EXT-SRV-ATTR:host" String,
        hypervisor_hostname: nullable "OS-EXT-SRV-ATTR:hypervisor_hostname" String,
        instance_name: optional "OS-EXT-SRV-ATTR:instance_name" String,
        power_state: optional "OS-EXT-STS:power_state" PowerState,
        task_state: nullable "OS-EXT-STS:task_state" String,
        vm_state: optional "OS-EXT-STS:vm_state" String,
        launched_at: nullable "OS-SRV-USG:launched_at" String,
        terminated_at: nullable "OS-SRV-USG:terminated_at" String,
        volumes_attached: optional "os-extended-volumes:volumes_attached" Vec<AttachedVolume>,
        fault: optional "fault" ServerFault,
        description: nullable "description" String,
        host_status: nullable "host_status" String,
        hostname: nullable "OS-EXT-SRV-ATTR:hostname" String,
        reservation_id: nullable "OS-EXT-SRV-ATTR:reservation_id" String,
        launch_index: nullable "OS-EXT-SRV-ATTR:launch_index" i64,
        kernel_id: nullable "OS-EXT-SRV-ATTR:kernel_id" String,
        ramdisk_id: nullable "OS-EXT-SRV-ATTR:ramdisk_id" String,
        root_device_name: nullable "OS-EXT-SRV-ATTR:root_device_name" String,
        user_data: nullable secret "OS-EXT-SRV-ATTR:user_data" String,
        locked: optional "locked" bool,
        access_ipv4: optional "accessIPv4" String,
        access_ipv6: optional "accessIPv6" String,
        config_drive: optional "config_drive" String,
        progress: nullable "progress" i64,
    }
}

plain! {
    pub struct ServerFault {
        code: optional "code" i64,
        created: optional "created" String,
        message: optional "message" String,
        details: optional "details" String,
    }
}

plain! {
    pub struct ServerFlavor {
        id: optional "id" String,
        links: optional "links" Vec<Link>,
        vcpus: optional "vcpus" i64,
        ram: optional "ram" i64,
        disk: optional "disk" i64,
        ephemeral: optional "ephemeral" i64,
        swap: optional "swap" i64,
        original_name: optional "original_name" String,
        extra_specs: optional "extra_specs" ::std::collections::BTreeMap<String, String>,
    }
}

plain! {
    pub struct ShowServerResponse {
        server: required "server" ServerDetail,
    }
}

plain! {
    pub struct ImageRef {
        id: required "id" String,
        links: optional "links" Vec<Link>,
    }
}

plain! {
    pub struct Link {
        rel: required "rel" String,
        href: required "href" String,
    }
}

plain! {
    pub struct ServerAddress {
        addr: required "addr" String,
        version: required "version" i64,
        mac_addr: optional "OS-EXT-IPS-MAC:mac_addr" String,
        ip_type: optional "OS-EXT-IPS:type" String,
    }
}

/// The `show_server` answers among the spec's examples.
fn answers() -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut diags = Default::default();
    let files = client_codegen::load::load(&root, &mut diags).expect("the spec loads");
    let mut out = Vec::new();
    for file in &files {
        for (id, op) in &file.spec.operations {
            if id != "show_server" {
                continue;
            }
            for ex in &op.examples {
                if let Some(resp) = &ex.response {
                    out.push(serde_json::to_value(&resp.body).expect("JSON"));
                }
            }
        }
    }
    assert!(!out.is_empty(), "the spec has a show_server answer");
    out
}

/// `value` (an answer) with an unknown member in it and in its `server`.
fn with_unknown(value: &Value) -> Value {
    let mut value = value.clone();
    let unknown = serde_json::json!({"a": [1, 2, 3], "b": "text"});
    value["x-unknown"] = unknown.clone();
    value["server"]["x-unknown"] = unknown;
    value
}

/// The best of five batches of `rounds` reads of every body, per read.
fn time(bodies: &[Vec<u8>], rounds: u32, read: impl Fn(&[u8])) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..rounds {
                for body in bodies {
                    read(black_box(body));
                }
            }
            start.elapsed() / (rounds * bodies.len() as u32).max(1)
        })
        .min()
        .expect("five batches")
}

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .map_or(20_000, |n| n.parse().expect("a number of rounds"));
    // `generated` or `plain` reads with only that one (to count instructions with `perf stat`).
    let only = std::env::args().nth(2).unwrap_or_default();
    // `page` or `unknown` reads only those bodies.
    let case = std::env::args().nth(3).unwrap_or_default();
    let answers = answers();
    for (what, values) in [
        ("as on the page", answers.clone()),
        (
            "an unknown member in the answer and in its server",
            answers.iter().map(with_unknown).collect(),
        ),
    ]
    .into_iter()
    .filter(|(what, _)| {
        case.is_empty() || what.starts_with(if case == "page" { "as" } else { "an" })
    }) {
        let bodies: Vec<Vec<u8>> = values
            .iter()
            .map(|v| serde_json::to_vec(v).expect("JSON"))
            .collect();
        let generated = time(&bodies, if only == "plain" { 0 } else { rounds }, |body| {
            let value: otc_ecs::types::ShowServerResponse =
                otc_ecs::json::from_slice(body).expect("reads as the generated type");
            black_box(value);
        });
        let plain = time(
            &bodies,
            if only == "generated" { 0 } else { rounds },
            |body| {
                let value: ShowServerResponse =
                    serde_json::from_slice(body).expect("reads as the plain type");
                black_box(value);
            },
        );
        println!(
            "{what} ({} bodies, {} bytes): generated {generated:.2?}, plain serde {plain:.2?}, ratio {:.2}",
            bodies.len(),
            bodies.iter().map(Vec::len).sum::<usize>(),
            generated.as_secs_f64() / plain.as_secs_f64()
        );
    }
}
