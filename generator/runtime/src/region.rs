//! Regions and the endpoints of ECS and IAM in them, and the ECS endpoint of a token's
//! service catalog.
//!
//! Hosts: `https://ecs.{region}.otc.t-systems.com` is the ECS endpoint form of the cloud's API
//! references (the project's API-FACTS, "Endpoint form"); `https://iam.{region}.otc.t-systems.com/v3`
//! is the IAM endpoint the cloud's documentation signs in at (e.g. the "Authentication" page
//! of its API references: `https://iam.eu-de.otc.t-systems.com/v3/auth/projects`, and the
//! `OS_AUTH_URL` it gives openstack clients). The IAM pages themselves write
//! `sample.domain.com`. The Swiss region `eu-ch2` has hosts of its own under
//! `eu-ch2.sc.otc.t-systems.com`, IAM's with an `iam-pub` prefix: `https://ecs.eu-ch2.sc.otc.t-systems.com`
//! and `https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3` (as the cloud's Terraform provider and
//! its users' configurations name them; the vendored pages do not list regions).

#![cfg_attr(not(feature = "reqwest"), allow(dead_code))]

use super::token::CatalogService;

/// The regions whose endpoints are known here: the name, its ECS host and its IAM host.
pub(crate) const KNOWN: [(&str, &str, &str); 3] = [
    (
        "eu-de",
        "ecs.eu-de.otc.t-systems.com",
        "iam.eu-de.otc.t-systems.com",
    ),
    (
        "eu-nl",
        "ecs.eu-nl.otc.t-systems.com",
        "iam.eu-nl.otc.t-systems.com",
    ),
    (
        "eu-ch2",
        "ecs.eu-ch2.sc.otc.t-systems.com",
        "iam-pub.eu-ch2.sc.otc.t-systems.com",
    ),
];

fn known(region: &str) -> Option<(&'static str, &'static str, &'static str)> {
    KNOWN.into_iter().find(|known| known.0 == region)
}

/// ECS's endpoint in a known region.
pub(crate) fn ecs_endpoint(region: &str) -> Option<String> {
    known(region).map(|(_, ecs, _)| format!("https://{ecs}"))
}

/// IAM's `/v3` endpoint in a known region.
pub(crate) fn iam_endpoint(region: &str) -> Option<String> {
    known(region).map(|(_, _, iam)| format!("https://{iam}/v3"))
}

/// The catalog's ECS endpoint for `region` and `interface`: the first endpoint of a service
/// of type `ecs`, else of type `compute` (the Nova-native API, which the service-catalog
/// page's example lists), whose `interface` is `interface` and whose `region` or
/// `region_id` is `region` (an endpoint bound to no region, `null` or `*`, serves every
/// region). The URL is cut to its scheme and authority: the catalog's URLs end in a version
/// and often the project (`/v2/{project_id}`), and every operation writes its own path.
pub(crate) fn catalog_ecs_endpoint(
    catalog: &[CatalogService],
    region: Option<&str>,
    interface: &str,
) -> Option<String> {
    ["ecs", "compute"].into_iter().find_map(|kind| {
        catalog
            .iter()
            .filter(|service| service.r#type.as_deref() == Some(kind))
            .flat_map(|service| service.endpoints.iter().flatten())
            .find(|endpoint| {
                let interface_ok = endpoint.interface.as_deref().unwrap_or("public") == interface;
                let bound = [endpoint.region.as_deref(), endpoint.region_id.as_deref()];
                let unbound = bound.iter().all(|r| matches!(r, None | Some("*")));
                let region_ok = match region {
                    Some(region) => unbound || bound.contains(&Some(region)),
                    None => true,
                };
                interface_ok && region_ok
            })
            .and_then(|endpoint| origin(&endpoint.url))
    })
}

/// `scheme://authority` of an `http(s)` URL.
fn origin(url: &str) -> Option<String> {
    let uri: http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    Some(format!("{scheme}://{}", uri.authority()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalog entry as IAM sends it (the generated answer types are read, not built).
    fn service(kind: &str, url: &str, region: Option<&str>, interface: &str) -> CatalogService {
        let endpoint = serde_json::json!({
            "interface": interface, "region": region, "region_id": region, "url": url,
        });
        let service = serde_json::json!({"type": kind, "endpoints": [endpoint]});
        serde_json::from_value(service).expect("a catalog entry")
    }

    #[test]
    fn known_regions_have_their_hosts() {
        let ecs = ecs_endpoint("eu-nl");
        assert_eq!(ecs.as_deref(), Some("https://ecs.eu-nl.otc.t-systems.com"));
        let iam = iam_endpoint("eu-de");
        assert_eq!(
            iam.as_deref(),
            Some("https://iam.eu-de.otc.t-systems.com/v3")
        );
        let swiss = (ecs_endpoint("eu-ch2"), iam_endpoint("eu-ch2"));
        assert_eq!(
            (swiss.0.as_deref(), swiss.1.as_deref()),
            (
                Some("https://ecs.eu-ch2.sc.otc.t-systems.com"),
                Some("https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3")
            )
        );
        assert_eq!(ecs_endpoint("eu-ch1"), None);
    }

    #[test]
    fn the_catalog_gives_ecs_of_the_region_and_interface_cut_to_its_origin() {
        let catalog = vec![
            service(
                "compute",
                "https://nova.example:8774/v2.1/p",
                Some("eu-de"),
                "public",
            ),
            service(
                "ecs",
                "https://ecs.eu-nl.example/v1/p",
                Some("eu-nl"),
                "public",
            ),
            service(
                "ecs",
                "https://internal.eu-de.example/v1/p",
                Some("eu-de"),
                "internal",
            ),
            service(
                "ecs",
                "https://ecs.eu-de.example/v1/p",
                Some("eu-de"),
                "public",
            ),
        ];
        let found = catalog_ecs_endpoint(&catalog, Some("eu-de"), "public");
        assert_eq!(found.as_deref(), Some("https://ecs.eu-de.example"));
        let found = catalog_ecs_endpoint(&catalog, Some("eu-de"), "internal");
        assert_eq!(found.as_deref(), Some("https://internal.eu-de.example"));
        let nova_only = &catalog[..1];
        let found = catalog_ecs_endpoint(nova_only, Some("eu-de"), "public");
        assert_eq!(found.as_deref(), Some("https://nova.example:8774"));
        assert_eq!(
            catalog_ecs_endpoint(nova_only, Some("eu-nl"), "public"),
            None
        );
    }
}
