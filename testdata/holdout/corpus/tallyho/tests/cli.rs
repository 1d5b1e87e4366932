use assert_cmd::Command;
use std::io::Write;

fn config_with(body: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(body.as_bytes()).unwrap();
    f
}

#[test]
fn rejects_unknown_target() {
    let cfg = config_with("default_target = \"nope\"\n");
    Command::cargo_bin("tallyho").unwrap()
        .args(["--config", cfg.path().to_str().unwrap(), "log", "1h", "x", "--to", "nope"])
        .assert()
        .failure();
}

#[test]
fn harvest_uses_bearer_token() {
    let mut server = mockito::Server::new();
    let m = server.mock("POST", "/v2/time_entries")
        .match_header("authorization", "Bearer 0000000.pt.FAKE_TOKEN_FOR_TESTS")
        .create();
    let cfg = config_with("[harvest]\naccount_id = \"1\"\ntoken = \"0000000.pt.FAKE_TOKEN_FOR_TESTS\"\n");
    let _ = cfg;
    m.expect(0).assert();
}
