//! `cfsign completions` and `cfsign man`: every shell's script and the manual pages exist and
//! name every command.

use crate::common::*;

const COMMANDS: [&str; 11] = [
    "logs",
    "sign",
    "sign-batch",
    "sign-cookies",
    "sign-playlist",
    "keygen",
    "decode",
    "verify",
    "doctor",
    "audit",
    "explain-response",
];

#[test]
fn completions_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = cfsign(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.len() > 1000, "{shell}: {} bytes", r.stdout.len());
        for command in COMMANDS {
            assert!(r.stdout.contains(command), "{shell} lacks {command}");
        }
        // Flags of the commands too.
        for flag in ["private-key", "date-less-than", "fail-fast", "output"] {
            assert!(r.stdout.contains(flag), "{shell} lacks --{flag}");
        }
    }
    let r = cfsign(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("cfsign: error: SHELL: \"tcsh\" is not valid: use bash or"),
        "{}",
        r.stderr
    );
}

#[test]
fn man_pages_name_every_command_and_flag() {
    let r = cfsign(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie \\n(.g"), "{}", r.stdout);
    assert!(r.stdout.contains(".TH cfsign 1"), "{}", r.stdout);
    for command in COMMANDS {
        // roff escapes the hyphen: cfsign\-sign\-batch(1).
        let reference = format!("cfsign\\-{}(1)", command.replace('-', "\\-"));
        assert!(r.stdout.contains(&reference), "cfsign.1 lacks {reference}");
    }
    assert!(r.stdout.contains("CFSIGN_PRIVATE_KEY_FILE") && r.stdout.contains("NO_COLOR"));
    for command in COMMANDS {
        let r = cfsign(&["man", command]);
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
        let title = format!(".TH cfsign-{command} 1");
        assert!(r.stdout.contains(&title), "{command}: {}", r.stdout);
    }
    let r = cfsign(&["man", "sign"]);
    for flag in [
        "private\\-key",
        "date\\-less\\-than",
        "policy\\-resource",
        "output",
    ] {
        assert!(r.stdout.contains(flag), "cfsign-sign.1 lacks {flag}");
    }
    let r = cfsign(&["man", "sing"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the commands are sign, sign-batch"),
        "{}",
        r.stderr
    );
}

/// cfsign writes no colour (so NO_COLOR has nothing to turn off), and says so.
#[test]
fn no_colour_ever() {
    let r = cfsign(&["--help"]);
    assert!(r.stdout.contains("NO_COLOR") && !r.stdout.contains('\u{1b}'));
    let r = cfsign(&["sign", "--bogus"]);
    assert!(!r.stderr.contains('\u{1b}'), "{}", r.stderr);
}
