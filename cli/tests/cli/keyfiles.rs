//! `keygen`'s files are created safely (issue 29, item 2, p08, p09): never through a symlink or
//! into a FIFO, the private key 0600 and the folders 0700 whatever the umask, an existing pair
//! replaced only with `--force` and then only as a whole.

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cfsign-keyfiles-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `cfsign keygen` with `args`, under `umask`, killed after 20 s (a FIFO would block it forever).
fn keygen(umask: &str, args: &[&str]) -> Run {
    let mut child = command_under_umask(umask)
        .arg("keygen")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("keygen {args:?} hung (blocked on a FIFO?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `cfsign` run by `sh` after `umask <umask>`, with the environment `command()` sets.
fn command_under_umask(umask: &str) -> Command {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_cfsign"))
        .env_remove("CFSIGN_PRIVATE_KEY_FILE")
        .env_remove("CFSIGN_PASSPHRASE");
    cmd
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

/// A usage failure: exit 2, one line on stderr, no panic, nothing on stdout.
fn assert_refused(r: &Run, what: &str) {
    assert_eq!(r.code, 2, "{what}: {} {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{what}: {}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{what}: {}", r.stderr);
    assert!(
        r.stderr.starts_with("cfsign: error: "),
        "{what}: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
}

/// Only the two key files are left in `dir`: no temporary file behind.
fn assert_only_the_pair(dir: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["private_key.pem", "public_key.pem"],
        "{}",
        dir.display()
    );
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn umask_000_gives_private_0600_public_0644_folders_0700() {
    let dir = scratch("umask");
    let out = dir.join("a/b/keys");
    let r = keygen("000", &["--out-dir", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode(&out.join("private_key.pem")), 0o600);
    assert_eq!(
        mode(&out.join("public_key.pem")) & !0o644,
        0,
        "public key at most 0644"
    );
    for folder in [dir.join("a"), dir.join("a/b"), out.clone()] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    assert_only_the_pair(&out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn force_under_umask_000_keeps_the_modes_and_replaces_a_lax_private_key() {
    let dir = scratch("force-umask");
    let private = dir.join("private_key.pem");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::write(dir.join("public_key.pem"), "old").unwrap();
    let r = keygen("000", &["--out-dir", dir.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode(&private), 0o600);
    assert_eq!(mode(&dir.join("public_key.pem")) & !0o644, 0);
    assert!(std::fs::read_to_string(&private)
        .unwrap()
        .contains("PRIVATE KEY"));
    assert_only_the_pair(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_planted_symlink_is_never_followed() {
    for name in ["private_key.pem", "public_key.pem"] {
        let dir = scratch(&format!("symlink-{name}"));
        let out = dir.join("keys");
        std::fs::create_dir(&out).unwrap();
        // A dangling link: following it would create the victim.
        let victim = dir.join("victim");
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
        let r = keygen("022", &["--out-dir", out.to_str().unwrap()]);
        assert_refused(&r, name);
        assert!(!victim.exists(), "{name}: wrote through the symlink");

        // An existing target, and --force: the link is replaced, the target untouched.
        std::fs::write(&victim, "victim").unwrap();
        let r = keygen("022", &["--out-dir", out.to_str().unwrap(), "--force"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "victim",
            "{name}"
        );
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name}: still a link");
        assert_eq!(mode(&out.join("private_key.pem")), 0o600);
        assert_only_the_pair(&out);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_symlinked_output_folder_is_refused_unless_forced() {
    let dir = scratch("symlinked-folder");
    let real = dir.join("real");
    std::fs::create_dir(&real).unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let r = keygen("022", &["--out-dir", link.to_str().unwrap()]);
    assert_refused(&r, "symlinked folder");
    assert_eq!(
        std::fs::read_dir(&real).unwrap().count(),
        0,
        "wrote into the link's target"
    );
    let r = keygen("022", &["--out-dir", link.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_only_the_pair(&real);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_planted_fifo_neither_blocks_nor_is_written() {
    for name in ["private_key.pem", "public_key.pem"] {
        let dir = scratch(&format!("fifo-{name}"));
        mkfifo(&dir.join(name));
        let r = keygen("022", &["--out-dir", dir.to_str().unwrap()]);
        assert_refused(&r, name);
        let meta = std::fs::symlink_metadata(dir.join(name)).unwrap();
        assert!(
            meta.file_type().is_fifo(),
            "{name}: the FIFO was replaced without --force"
        );
        // --force replaces the FIFO with a key file, without opening it (which would block).
        let r = keygen("022", &["--out-dir", dir.to_str().unwrap(), "--force"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(std::fs::symlink_metadata(dir.join(name))
            .unwrap()
            .file_type()
            .is_file());
        assert_only_the_pair(&dir);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// p09: a `--force` that fails leaves the old pair as it was.
#[test]
fn a_failed_force_leaves_the_old_pair_intact() {
    let dir = scratch("failed-force");
    let r = keygen("022", &["--out-dir", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let private = std::fs::read(dir.join("private_key.pem")).unwrap();
    // The public key's place is taken by a folder that cannot be replaced.
    std::fs::remove_file(dir.join("public_key.pem")).unwrap();
    std::fs::create_dir(dir.join("public_key.pem")).unwrap();
    std::fs::write(dir.join("public_key.pem/keep"), "x").unwrap();
    let r = keygen("022", &["--out-dir", dir.to_str().unwrap(), "--force"]);
    assert_refused(&r, "public_key.pem is a folder");
    assert_eq!(std::fs::read(dir.join("private_key.pem")).unwrap(), private);
    assert!(dir.join("public_key.pem/keep").exists());
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(names.len(), 2, "a temporary file was left behind");

    // The same with the private key's place taken: the public key is kept.
    let dir2 = scratch("failed-force-2");
    let r = keygen("022", &["--out-dir", dir2.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let public = std::fs::read(dir2.join("public_key.pem")).unwrap();
    std::fs::remove_file(dir2.join("private_key.pem")).unwrap();
    std::fs::create_dir(dir2.join("private_key.pem")).unwrap();
    std::fs::write(dir2.join("private_key.pem/keep"), "x").unwrap();
    let r = keygen("022", &["--out-dir", dir2.to_str().unwrap(), "--force"]);
    assert_refused(&r, "private_key.pem is a folder");
    assert_eq!(std::fs::read(dir2.join("public_key.pem")).unwrap(), public);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

/// A folder that cannot be written. Root writes into a mode-0500 folder anyway, so as root the
/// test checks that keygen either refuses it cleanly or writes a correct pair, and also uses
/// places no one can create a file in: under a regular file, and under /proc.
#[test]
fn an_unwritable_folder_is_a_clear_error() {
    let dir = scratch("readonly");
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    let r = keygen("022", &["--out-dir", ro.to_str().unwrap()]);
    let root = std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    if r.code == 0 {
        assert!(root, "a read-only folder was written by a non-root user");
        assert_eq!(mode(&ro.join("private_key.pem")), 0o600);
        assert_only_the_pair(&ro);
    } else {
        assert_refused(&r, "read-only folder");
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();

    let file = dir.join("file");
    std::fs::write(&file, "x").unwrap();
    let mut places = vec![file.join("keys"), file.clone()];
    if Path::new("/proc/self").exists() {
        places.push(PathBuf::from("/proc/cfsign-cannot-create"));
    }
    for place in places {
        let r = keygen("022", &["--out-dir", place.to_str().unwrap()]);
        assert_refused(&r, &place.display().to_string());
        assert!(r.stderr.contains("--out-dir"), "{}", r.stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
