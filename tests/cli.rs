//! Tests through the binary and the scenario loader: what users type and read.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use backchannel::scenario::{LoadError, load_bytes, load_file};

const BIN: &str = env!("CARGO_BIN_EXE_backchannel");
const CUBA: &str = include_str!("../scenarios/cuba_1962.ron");

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("backchannel-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Replace `from` (which must occur) in the Cuba file, load it, and return the error.
fn broken(from: &str, to: &str) -> (String, LoadError) {
    assert!(
        CUBA.contains(from),
        "test setup: {from:?} not in cuba_1962.ron"
    );
    let text = CUBA.replacen(from, to, 1);
    let err = load_bytes(Path::new("broken.ron"), text.as_bytes())
        .expect_err("the broken file must not load");
    (text, err)
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle present")]
        .matches('\n')
        .count()
        + 1
}

fn first(err: &LoadError) -> &backchannel::scenario::Diagnostic {
    err.diagnostics()
        .first()
        .expect("an invalid file has diagnostics")
}

// ------------------------------------------------------------ scenario diagnostics

#[test]
fn every_bundled_scenario_validates() {
    let files: Vec<&str> = backchannel::bundled::BUNDLED
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(files.len(), 8);
    for f in &files {
        let s = load_file(Path::new(f)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.sources.is_empty(), "{f} lists no sources");
        assert!(s.historical.is_some(), "{f} has no historical path");
        assert!(
            s.parties.iter().all(|p| p.playable),
            "{f}: both sides should be playable"
        );
    }
    let mut args = vec!["validate"];
    args.extend(&files);
    let (code, out, _) = run(&args, "");
    assert_eq!(code, 0);
    assert_eq!(out.matches(": ok").count(), files.len());
    // No warnings either: a bundled file is a model for instructors.
    assert!(!out.contains("warning"), "{out}");
}

/// A misspelt id written on several lines is reported once per line, each report at
/// its own line (they all pointed at the first one before).
#[test]
fn a_misspelling_repeated_is_reported_at_each_line() {
    let text = CUBA.replace("issue: \"missiles\"", "issue: \"missile\"");
    let err = load_bytes(Path::new("broken.ron"), text.as_bytes()).expect_err("must not load");
    let mut lines: Vec<usize> = err
        .diagnostics()
        .iter()
        .filter(|d| d.message.contains("unknown issue \"missile\""))
        .map(|d| d.line)
        .collect();
    let written: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("issue: \"missile\""))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(written.len() >= 3, "test setup: {written:?}");
    lines.sort_unstable();
    assert_eq!(lines, written, "{err}");
}

#[test]
fn syntax_error_has_line_and_column() {
    let (text, e) = broken("    year: 1962,\n", "    year: 1962\n");
    let d = first(&e);
    assert_eq!(d.line, line_of(&text, "    summary:"), "{e}");
    assert!(d.col >= 1);
    assert!(
        d.message.contains("Expected") || d.message.contains("expected"),
        "{}",
        d.message
    );
}

#[test]
fn type_error_says_what_was_expected() {
    let (text, e) = broken("    year: 1962,", "    year: \"1962\",");
    let d = first(&e);
    assert_eq!(d.line, line_of(&text, "    year:"));
    assert!(
        d.message.to_lowercase().contains("integer"),
        "{}",
        d.message
    );
}

#[test]
fn misspelt_field_is_an_error_naming_the_right_ones() {
    let (text, e) = broken("    summary:", "    sumary:");
    let d = first(&e);
    assert_eq!(d.line, line_of(&text, "sumary"));
    assert!(
        d.message.contains("sumary") && d.message.contains("summary"),
        "{}",
        d.message
    );
}

#[test]
fn missing_field_is_reported() {
    let start = CUBA.find("    summary:").unwrap();
    let end = start + CUBA[start..].find('\n').unwrap() + 1;
    let (_, e) = broken(&CUBA[start..end], "");
    assert!(first(&e).message.contains("summary"), "{e}");
}

#[test]
fn unknown_reference_points_at_the_name() {
    let (text, e) = broken("\"zorin\")", "\"zorinn\")");
    let d = first(&e);
    assert!(
        d.message.contains("unknown negotiator \"zorinn\""),
        "{}",
        d.message
    );
    assert!(d.message.contains("expected one of"), "{}", d.message);
    assert_eq!(d.line, line_of(&text, "\"zorinn\""));
}

/// A duplicate is placed at its second occurrence, also when it is written with an
/// escape (`"ru\u{73}k"` is `"rusk"`; issue 10 found it reported on the wrong line).
#[test]
fn duplicate_ids_are_reported_at_the_second() {
    for written in ["rusk", "ru\\u{73}k"] {
        let (text, e) = broken("id: \"scali\"", &format!("id: \"{written}\""));
        let d = e
            .diagnostics()
            .iter()
            .find(|d| d.message.contains("duplicate"))
            .expect("duplicate reported");
        assert!(d.message.contains("\"rusk\""), "{d}");
        let second = text.match_indices("id: \"ru").nth(1).unwrap().0;
        assert_eq!(
            d.line,
            text[..second].matches('\n').count() + 1,
            "{written}"
        );
    }
}

#[test]
fn option_without_a_utility_for_a_party() {
    let (_, e) = broken(
        "utility: {\"usa\": 0.25, \"ussr\": 0.0}",
        "utility: {\"usa\": 0.25}",
    );
    assert!(
        first(&e).message.contains("no utility for party \"ussr\""),
        "{e}"
    );
}

#[test]
fn numbers_out_of_range() {
    let (text, e) = broken("leak_base: 0.02", "leak_base: 1.5");
    let d = first(&e);
    assert!(
        d.message.contains("leak_base is 1.5") && d.message.contains("from 0 to 1"),
        "{}",
        d.message
    );
    assert_eq!(d.line, line_of(&text, "leak_base"));
}

#[test]
fn deadline_before_the_first_turn() {
    let (_, e) = broken("deadline: 13", "deadline: 0");
    assert!(
        e.diagnostics()
            .iter()
            .any(|d| d.message.contains("deadline is before the first turn")),
        "{e}"
    );
}

#[test]
fn historical_path_using_a_forbidden_action() {
    let (_, e) = broken(
        "allowed_actions: [],",
        "allowed_actions: [Offer, Accept, Sign, Wait],",
    );
    assert!(
        e.diagnostics().iter().any(|d| d
            .message
            .contains("uses OpenChannel, which this scenario does not allow")),
        "{e}"
    );
}

#[test]
fn newer_format_version_asks_for_an_update() {
    let (_, e) = broken("version: 2,", "version: 3,");
    assert!(
        first(&e).message.contains("newer than this build reads"),
        "{e}"
    );
}

#[test]
fn every_error_in_the_file_is_reported_not_only_the_first() {
    let text = CUBA.replacen("\"zorin\")", "\"zorinn\")", 1).replacen(
        "leak_base: 0.02",
        "leak_base: -3.0",
        1,
    );
    let e = load_bytes(Path::new("two.ron"), text.as_bytes()).unwrap_err();
    assert!(e.diagnostics().len() >= 2, "{e}");
    assert!(e.to_string().contains("errors"));
}

#[test]
fn empty_binary_non_utf8_large_and_deep_files_get_one_clear_error() {
    let e = load_bytes(Path::new("e.ron"), b"  \n ").unwrap_err();
    assert!(e.to_string().contains("the file is empty"), "{e}");
    let e = load_bytes(Path::new("b.ron"), b"(version: 1,\0\x01\x02)").unwrap_err();
    assert!(e.to_string().contains("looks binary"), "{e}");
    let e = load_bytes(Path::new("u.ron"), b"(\n  title: \"caf\xe9\",\n)").unwrap_err();
    assert!(
        e.to_string().contains("u.ron:2:") && e.to_string().contains("not UTF-8"),
        "{e}"
    );
    let big = vec![b' '; 2 * 1024 * 1024];
    let e = load_bytes(Path::new("big.ron"), &big).unwrap_err();
    assert!(e.to_string().contains("limited to"), "{e}");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = load_bytes(Path::new("deep.ron"), deep.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("nested deeper"), "{e}");
    let e = load_file(Path::new("no/such/file.ron")).unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
    let e = load_file(Path::new("scenarios")).unwrap_err();
    assert!(e.to_string().contains("directory"), "{e}");
}

#[test]
fn validate_exits_1_with_file_line_col_and_a_caret() {
    let text = CUBA.replacen("\"zorin\")", "\"zorinn\")", 1);
    let p = temp_file("bad.ron", text.as_bytes());
    let (code, _, err) = run(&["validate", p.to_str().unwrap()], "");
    assert_eq!(code, 1);
    let line = line_of(&text, "\"zorinn\"");
    let head = format!("{}:{line}:", p.display());
    assert!(err.starts_with(&head), "stderr: {err}");
    assert!(
        err.contains('^') || err.contains("here"),
        "no caret excerpt: {err}"
    );
    assert!(err.contains("1 of 1 file(s) invalid"));
}

/// A version-1 file still loads under format version 2, but a mediator (new in
/// version 2) in a version-1 file is named with the fix.
#[test]
fn version_one_files_load_and_a_mediator_asks_for_version_two() {
    let old = CUBA
        .replacen("version: 2,", "version: 1,", 1)
        .replacen("    mediator: Some((", "    mediator: None, /*", 1)
        .replacen(
            "        public_table: true,\n    )),",
            "        public_table: true,\n    )),*/",
            1,
        );
    let p = temp_file("old.ron", old.as_bytes());
    assert!(load_file(&p).is_ok(), "{:?}", load_file(&p).err());
    let (text, e) = broken("version: 2,", "version: 1,");
    let d = e
        .diagnostics()
        .iter()
        .find(|d| d.message.contains("a mediator needs format version 2"))
        .unwrap_or_else(|| panic!("{e}"));
    assert_eq!(d.line, line_of(&text, "    mediator: Some(("), "{e}");
    assert!(d.message.contains("write `version: 2`"), "{e}");
}

/// The exact rendering of one diagnostic, pinned so changes to it are deliberate.
#[test]
fn diagnostic_rendering_snapshot() {
    let (_, e) = broken("    summary:", "    sumary:");
    insta::assert_snapshot!(e.to_string());
}

// ------------------------------------------------------------ commands

#[test]
fn list_names_the_bundled_scenarios() {
    let (code, out, _) = run(&["list"], "");
    assert_eq!(code, 0);
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        assert!(out.contains(id), "{out}");
    }
    assert!(out.contains("1962") && out.contains("1993"));
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["list", "validate", "play", "simulate"] {
        let (code, out, _) = run(&[sub, "--help"], "");
        assert_eq!(code, 0, "{sub}");
        assert!(out.contains("Usage"), "{sub}: {out}");
    }
}

#[test]
fn play_json_is_identical_across_runs() {
    let args = [
        "play",
        "--scenario",
        "cuba_1962",
        "--historical",
        "--seed",
        "11",
        "--json",
    ];
    let (c1, a, _) = run(&args, "");
    let (c2, b, _) = run(&args, "");
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).expect("stdout is pure JSON");
    for key in [
        "scenario",
        "seed",
        "side",
        "turns",
        "outcome",
        "score",
        "leaks",
        "transcript",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let kind = v["outcome"]["kind"].as_str().unwrap();
    assert!(["agreement", "no_agreement", "war", "endless_game"].contains(&kind));
    assert!(v["outcome"].get("ratified").is_some() && v["outcome"].get("implementation").is_some());
    assert!(v["score"]["usa"]["total"].is_number());
}

#[test]
fn simulate_json_does_not_depend_on_threads() {
    let base = [
        "simulate",
        "--scenario",
        "oslo_1993",
        "--games",
        "40",
        "--seed",
        "5",
        "--json",
    ];
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("games_per_second");
        v
    };
    let (_, one, _) = run(&[&base[..], &["--threads", "1"]].concat(), "");
    let (_, two, _) = run(&[&base[..], &["--threads", "3"]].concat(), "");
    let (a, b) = (strip(&one), strip(&two));
    assert_eq!(a, b);
    assert_eq!(a["games"], 40);
    for key in ["outcomes", "mean_turns", "leak_rate", "ratification_rate"] {
        assert!(a.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn a_whole_tutorial_game_played_through_piped_input() {
    let moves = "\
help
ids
open talks tveit marro via lighthouse
probe talks
end
meet talks
offer talks quota=equal_split patrols=joint_patrols detained_boats=released*
end
brief fishers_union talks
compartmentalise talks
end
end
end
end
";
    let (code, out, err) = run(
        &[
            "play",
            "--scenario",
            "tutorial",
            "--side",
            "arvenland",
            "--seed",
            "2",
        ],
        moves,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Actions (type the number"),
        "help was not shown"
    );
    assert!(out.contains("opens a back channel \"talks\""), "{out}");
    assert!(out.contains("offers on \"talks\""), "{out}");
    assert!(
        out.contains("=== Debrief"),
        "the game did not reach its end: {out}"
    );
    assert!(!out.contains("panicked"));
}

#[test]
fn bad_commands_get_a_message_not_a_crash() {
    let (code, out, _) = run(
        &["play", "-s", "tutorial", "--side", "solmere"],
        "flurb\n99\noffer\nopen a b c d\nmeet nowhere\nquit\n",
    );
    assert_eq!(code, 0);
    assert!(out.contains("unknown command \"flurb\""));
    assert!(out.contains("no action number 99"));
    assert!(out.contains("usage: offer"));
    assert!(
        out.contains("refused: there is no channel \"nowhere\""),
        "{out}"
    );
}

#[test]
fn unknown_side_scenario_and_policy_are_explained() {
    let (code, _, err) = run(&["play", "-s", "cuba_1962", "--side", "france"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("no party \"france\"") && err.contains("usa"),
        "{err}"
    );
    let (code, _, err) = run(&["play", "-s", "atlantis"], "");
    assert_eq!(code, 1);
    assert!(err.contains("bundled scenarios"), "{err}");
    let (code, _, err) = run(&["simulate", "-s", "cuba_1962", "--policy", "clever"], "");
    assert_eq!(code, 2);
    assert!(err.contains("unknown policy"), "{err}");
}

#[test]
fn a_script_file_replays_one_side() {
    let script = r#"[
        (turn: 1, party: "usa", action: OpenChannel(id: "rfk_d", from: "rfk", to: "dobrynin", via: None, medium: FaceToFace)),
        (turn: 2, party: "usa", action: Meet(channel: "rfk_d")),
    ]"#;
    let p = temp_file("script.ron", script.as_bytes());
    let (code, out, err) = run(
        &[
            "play",
            "-s",
            "cuba_1962",
            "--side",
            "usa",
            "--script",
            p.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let texts: Vec<&str> = v["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("opens a back channel \"rfk_d\""))
    );
    let bad = temp_file(
        "badscript.ron",
        b"[ (turn: 1, party: \"usa\", action: Fly) ]",
    );
    let (code, _, err) = run(
        &["play", "-s", "cuba_1962", "--script", bad.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("badscript.ron:1:"), "{err}");
}

/// War ends the game at once and nothing undoes it: the issue's reproduction (Cuba as
/// the US, seed 5: escalate four times, end, escalate twice) now ends in war on the
/// spot, the player reads it when it happens, and the debrief says so.
#[test]
fn war_ends_the_game_at_once_and_is_not_undone() {
    let script =
        "escalate\nescalate\nescalate\nescalate\nend\nescalate\nescalate\nescalate\nend\nstate\n";
    let (code, out, _) = run(
        &["play", "-s", "cuba_1962", "--side", "usa", "--seed", "5"],
        script,
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("the crisis reaches its last rung: Nuclear war"),
        "{out}"
    );
    assert!(out.contains("Outcome: Nuclear war"), "{out}");
    let after = out.split("last rung: Nuclear war").nth(1).unwrap_or("");
    assert!(
        !after.contains("de-escalates") && !after.contains("usa> "),
        "nothing happens after the war: {after}"
    );
}

/// A byte-order mark (written by some editors) is not part of the text: the bundled
/// Cuba file with one still validates, and a mistake on its first line is reported
/// with a place, not a crash.
#[test]
fn a_byte_order_mark_is_ignored_and_never_crashes_the_reporter() {
    let cuba = std::fs::read_to_string("scenarios/cuba_1962.ron").unwrap();
    let ok = temp_file("bom_ok.ron", format!("\u{feff}{cuba}").as_bytes());
    let (code, out, err) = run(&["validate", ok.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}{err}");
    let broken = temp_file("bom_broken.ron", "\u{feff}(version: oops)\n".as_bytes());
    let (code, _, err) = run(&["validate", broken.to_str().unwrap()], "");
    assert_eq!(code, 1, "a user error, not a panic: {err}");
    assert!(err.contains("bom_broken.ron:1:"), "{err}");
}

/// An error placed on a multi-byte character (an accented letter, a non-breaking space
/// pasted from a word processor) is rendered with its caret under that character, not
/// a panic (the caret used to end one byte in, inside the character).
#[test]
fn an_error_on_a_multibyte_character_is_rendered() {
    for (name, text) in [
        ("accent.ron", "(version: 1, title: é)\n"),
        ("nbsp.ron", "(version: 1,\n\u{a0}title: 2)\n"),
    ] {
        let p = temp_file(name, text.as_bytes());
        let (code, _, err) = run(&["validate", p.to_str().unwrap()], "");
        assert_eq!(code, 1, "{name}: a user error, not a panic: {err}");
        assert!(
            err.contains(&format!("{name}:")) && err.contains('^') || err.contains("here"),
            "{err}"
        );
    }
}

// ------------------------------------------------------------ hostile files (issue 10)

/// Ids are lowercase snake_case: an absolute path, `..`, a Windows name, upper case
/// and a right-to-left override are each refused, and the message never prints the
/// override raw.
#[test]
fn ids_that_are_not_snake_case_are_refused_and_shown_safely() {
    for bad in [
        "/tmp/evil",
        "../../../etc",
        "C:\\\\Windows\\\\x",
        "USA",
        "us\u{202e}a",
        "a_very_long_id_that_goes_on_and_on_and_on_past_the_limit",
    ] {
        let (text, e) = broken("id: \"cuba_1962\"", &format!("id: \"{bad}\""));
        let msg = e.to_string();
        assert!(
            msg.contains("the scenario id") && !msg.contains('\u{202e}'),
            "{bad}: {msg}"
        );
        assert_eq!(first(&e).line, line_of(&text, bad), "{bad}");
    }
    let (_, e) = broken("id: \"jfk\"", "id: \"JFK\"");
    assert!(
        e.to_string()
            .contains("negotiator id \"JFK\" is not lowercase"),
        "{e}"
    );
    let (_, e) = broken(
        "(\"jfk\", \"khrushchev\")",
        "(\"jfk\", \"khr\u{202e}ushchev\")",
    );
    assert!(e.to_string().contains("khr\\u{202e}ushchev"), "{e}");
}

#[test]
fn a_scenario_nobody_can_play_is_refused() {
    let text = CUBA.replace("playable: true", "playable: false");
    let e = load_bytes(Path::new("x.ron"), text.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("no party is playable"), "{e}");
}

/// Brackets inside block comments (nested ones too) do not count towards the nesting
/// limit; a valid file full of them loads.
#[test]
fn brackets_in_comments_do_not_count_as_nesting() {
    let noise = "/* ( [ /* { */ */\n".repeat(100);
    let text = CUBA.replacen("parties:", &format!("{noise}parties:"), 1);
    load_bytes(Path::new("c.ron"), text.as_bytes()).expect("comments are not nesting");
}

/// Too many effects, too long a text, too many issues: refused against a documented
/// limit, with at most fifty problems listed and a count of the rest.
#[test]
fn lists_and_texts_past_their_limits_are_refused_with_a_bounded_report() {
    let effects = vec!["Scrutiny(0.1)"; 5_000].join(", ");
    let (_, e) = broken(
        "effects: [Trust(\"leader_letters\", -0.1)]",
        &format!("effects: [{effects}]"),
    );
    assert!(e.to_string().contains("at most 20 are allowed"), "{e}");
    let long = "x".repeat(9_000);
    let (text, e) = broken("summary: \"", &format!("summary: \"{long}"));
    assert!(e.to_string().contains("at most 8000 are allowed"), "{e}");
    assert_eq!(first(&e).line, line_of(&text, "summary:"));
    // Ten thousand bad values: fifty listed, the rest counted.
    let bad = vec!["Support(\"nobody\", 0.1)"; 19].join(", ");
    let events = format!("(turn: 2, text: \"x\", effects: [{bad}]),\n").repeat(150);
    let (_, e) = broken("events: [", &format!("events: [{events}"));
    assert_eq!(e.diagnostics().len(), 51);
    assert!(
        e.diagnostics()[50]
            .message
            .contains("more problem(s) not listed"),
        "{e}"
    );
}

/// Only regular files are read: a pipe would block the desktop, `/dev/zero` never ends.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_without_reading_them() {
    let e = load_file(Path::new("/dev/zero")).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let fifo = std::env::temp_dir().join(format!("bc-fifo-{}.ron", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let e = load_file(&fifo).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        std::fs::remove_file(&fifo).unwrap();
    }
}

// ------------------------------------------------------------ authoring (issue 11)

/// What loads but is probably wrong is a warning at its place (exit 0); a historical
/// step the rules refuse in every seed is an error at its line (exit 1); `--json` says
/// the same for tools.
#[test]
fn validate_warns_places_refused_history_steps_and_speaks_json() {
    let text = CUBA
        .replacen(
            "weights: {\"missiles\": 0.5, \"quarantine\": 0.1,",
            "weights: {\"missiles\": 0.8, \"quarantine\": 0.1,",
            1,
        )
        .replacen(
            "kind: Official,\n            medium: Phone,",
            "kind: Official,\n            via: Some(\"u_thant\"),\n            medium: Phone,",
            1,
        );
    let p = temp_file("warn.ron", text.as_bytes());
    let (code, out, err) = run(
        &["validate", "--history-seeds", "3", p.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{out}{err}");
    let weights = line_of(&text, "weights: {\"missiles\": 0.8");
    assert!(
        err.contains(&format!("warn.ron:{weights}:")) && err.contains("sum to 1.30"),
        "{err}"
    );
    assert!(
        err.contains("is Official but names an intermediary"),
        "{err}"
    );
    assert!(
        out.contains("2 warning(s)") || out.contains("3 warning(s)"),
        "{out}"
    );

    // Signing before anything is agreed, on the first turn: refused in every seed.
    let (text, at) = cuba_signing_too_early();
    let p = temp_file("history.ron", text.as_bytes());
    let (code, _, err) = run(
        &["validate", "--history-seeds", "3", p.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 1, "{err}");
    let line = text[..at].matches('\n').count() + 1;
    assert!(
        err.contains(&format!("history.ron:{line}:")) && err.contains("refused in every seed"),
        "{err}"
    );
    let (code, out, _) = run(
        &[
            "validate",
            "--json",
            "--history-seeds",
            "3",
            p.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["ok"], false);
    assert_eq!(v[0]["history"]["refusals"][0]["action"], "Sign");
    assert_eq!(v[0]["history"]["refusals"][0]["seeds"], 3);
}

/// Cuba with a Sign inserted before the first US step of its history (nothing is agreed
/// yet, so it is refused in every seed), and the byte offset of the inserted line.
fn cuba_signing_too_early() -> (String, usize) {
    let first = "            (turn: 7, party: \"usa\"";
    let at = CUBA.find(first).expect("a first US step");
    let text = format!(
        "{}            (turn: 7, party: \"usa\", action: Sign),\n{}",
        &CUBA[..at],
        &CUBA[at..]
    );
    (text, at)
}

/// `play --historical` exits 1 when a scripted step is refused.
#[test]
fn play_historical_fails_when_a_step_is_refused() {
    let (text, _) = cuba_signing_too_early();
    let p = temp_file("history-play.ron", text.as_bytes());
    let (code, _, err) = run(&["play", "-s", p.to_str().unwrap(), "--historical"], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("scripted step(s) were refused"), "{err}");
    let (code, _, _) = run(&["play", "-s", "cuba_1962", "--historical"], "");
    assert_eq!(code, 0);
}

/// `new-scenario` writes a commented scenario where the game finds it: it validates
/// with no warnings, `list` shows it, `play -s NAME` plays it; a second call does not
/// overwrite it, and a name that is not an id is refused.
#[test]
fn new_scenario_starts_a_scenario_the_game_finds() {
    let home = std::env::temp_dir().join(format!("bc-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let with_home = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("BACKCHANNEL_HOME", &home)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = with_home(&[
        "new-scenario",
        "river_summit",
        "--title",
        "The river summit",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let file = home.join("data/scenarios/river_summit.ron");
    assert!(out.contains(&file.display().to_string()), "{out}");
    let (code, out, err) = with_home(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("warning"), "the template has warnings: {err}");
    assert!(out.contains("The river summit"), "{out}");
    let (_, out, _) = with_home(&["list"]);
    assert!(
        out.contains("river_summit") && out.contains("The river summit"),
        "{out}"
    );
    let (code, out, err) = with_home(&["play", "-s", "river_summit", "--historical"]);
    assert_eq!(code, 0, "{out}{err}");
    let before = std::fs::read(&file).unwrap();
    let (code, _, err) = with_home(&["new-scenario", "river_summit"]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "nothing was overwritten"
    );
    let (code, _, err) = with_home(&["new-scenario", "../Evil"]);
    assert_eq!(code, 2);
    assert!(err.contains("not lowercase snake_case"), "{err}");
}

/// `balance` plays every policy of each side against the computer and the historical
/// path, flags a dominant policy (none in the tutorial), measures the zone of agreement
/// and writes the same table as CSV; results do not depend on the number of threads.
#[test]
fn balance_reports_every_policy_the_zone_and_a_csv() {
    let csv = temp_file("balance.csv", b"");
    let chart = csv.with_file_name("balance.svg");
    let args = |threads: &str| {
        vec![
            "balance".to_string(),
            "-s".into(),
            "tutorial".into(),
            "--games".into(),
            "20".into(),
            "--json".into(),
            "--threads".into(),
            threads.into(),
            "--csv".into(),
            csv.display().to_string(),
            "--chart".into(),
            chart.display().to_string(),
        ]
    };
    let a1 = args("1");
    let (code, one, err) = run(&a1.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert_eq!(code, 0, "{err}");
    let a2 = args("2");
    let (_, two, _) = run(&a2.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert_eq!(one, two, "threads change nothing");
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2 * 8 + 2);
    assert!(
        rows.iter()
            .any(|r| r["side"] == "solmere" && r["policy"] == "escalate")
    );
    let zone = &v["zone"];
    assert_eq!(zone["packages"], 18);
    assert!(zone["in_zone"].as_u64().unwrap() >= 1);
    assert!(v["historical_deal"]["parties"][0][1].as_f64().unwrap() > 0.0);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 1 + rows.len());
    assert!(text.starts_with("scenario,side,policy,"));
    // The chart: one panel per side, a bar and a whisker per policy, named by party.
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    for name in [
        "Arvenland: mean score",
        "Solmere: mean score",
        ">\nescalate\n<",
        ">\nhistorical\n<",
    ] {
        assert!(svg.contains(name), "the chart lacks {name}");
    }
    assert!(
        svg.matches("<polyline").count() >= rows.len(),
        "a whisker per row"
    );
}

/// Syntax mistakes are placed on the mistake, not where RON gave up: a missing closing
/// quote at the end of the line where the text opens, a bracket left open at the end
/// of its line, typographic quotes named as such.
#[test]
fn syntax_mistakes_are_placed_where_they_are_made() {
    let (text, e) = broken(
        "summary: \"Soviet missiles in Cuba: find a way out before the quarantine turns into war, and decide what the public may know.\",",
        "summary: \"Soviet missiles in Cuba: find a way out before the quarantine turns into war, and decide what the public may know.,",
    );
    let d = first(&e);
    assert_eq!(d.line, line_of(&text, "summary:"), "{e}");
    assert!(
        d.message.contains("closing quote is probably missing"),
        "{e}"
    );
    let at = CUBA.find("utility: {\"usa\"").expect("a utility map");
    let end = at + CUBA[at..].find('}').unwrap();
    let text = format!("{}{}", &CUBA[..end], &CUBA[end + 1..]);
    let e = load_bytes(Path::new("b.ron"), text.as_bytes()).unwrap_err();
    let d = first(&e);
    assert_eq!(d.line, line_of(&text, "utility: {\"usa\""), "{e}");
    assert!(d.message.contains("expected `}`"), "{e}");
    let (_, e) = broken("turn_length: \"day\"", "turn_length: \u{201c}day\u{201d}");
    assert!(first(&e).message.contains("typographic quote"), "{e}");
}

/// Format 2's event conditions and epilogue rounds are checked like the rest.
#[test]
fn epilogue_and_exposure_events_are_checked() {
    let (_, e) = broken(
        "    events: [",
        "    events: [\n        (turn: 9, epilogue: true, text: \"too late\"),\n        (turn: 2, when: Some(ChannelExposed(\"nope\")), text: \"who?\"),",
    );
    let all = e.to_string();
    assert!(
        all.contains("9 is outside the epilogue, expected 1 to 3"),
        "{all}"
    );
    assert!(all.contains("unknown channel \"nope\""), "{all}");
}

/// A class's seed code is accepted wherever a seed is, and gives the game of its number.
#[test]
fn a_seed_code_plays_the_same_game_as_its_number() {
    let code = backchannel::seed::code(1962);
    let (c1, by_code, e1) = run(
        &[
            "play",
            "-s",
            "tutorial",
            "--historical",
            "--json",
            "--seed",
            &code,
        ],
        "",
    );
    let (c2, by_number, _) = run(
        &[
            "play",
            "-s",
            "tutorial",
            "--historical",
            "--json",
            "--seed",
            "1962",
        ],
        "",
    );
    assert_eq!((c1, c2), (0, 0), "{e1}");
    assert_eq!(by_code, by_number);
    let (code, _, err) = run(&["play", "-s", "tutorial", "--seed", "BC9Y5O"], "");
    assert_eq!(code, 2);
    assert!(err.contains("`O` is not used in codes"), "{err}");
}

#[test]
fn a_class_code_fixes_the_game_and_its_results_make_a_class_report() {
    let dir = std::env::temp_dir().join(format!("bc-cli-class-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("results")).unwrap();
    let results = dir.join("results");
    let r = results.to_str().unwrap();
    // Three tables enter the same code and play differently.
    for (name, moves) in [
        ("Ana", "end\n".repeat(20)),
        ("Ben", "escalate\nescalate\nend\n".repeat(20)),
        ("Cleo", "probe official\nend\n".repeat(20)),
    ] {
        let (code, out, err) = run(
            &[
                "play",
                "--code",
                "cuba1962-bc9y5t-ha",
                "--name",
                name,
                "--result",
                r,
            ],
            &moves,
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("Class code CUBA1962-BC9Y5T-HA"), "{out}");
        assert!(out.contains("Result written to"));
    }
    let files: Vec<_> = std::fs::read_dir(&results).unwrap().collect();
    assert_eq!(files.len(), 3, "three results, none written over another");
    let out_dir = dir.join("debrief");
    let (code, out, err) = run(&["report", r, "--out", out_dir.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 game(s) read."), "{out}");
    let md = std::fs::read_to_string(out_dir.join("debrief.md")).unwrap();
    assert!(md.contains("`CUBA1962-BC9Y5T-HA` × 3"), "{md}");
    for name in ["Ana", "Ben", "Cleo"] {
        assert!(md.contains(name), "{name} missing from the debrief");
    }
    let csv = std::fs::read_to_string(out_dir.join("results.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 2);
    // A mistyped code says what was expected, and nothing runs.
    let (code, _, err) = run(&["play", "--code", "CUBA1962-BC9Y5T-HZ"], "");
    assert_eq!(code, 2);
    assert!(err.contains("`Z` is not a player letter"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A person takes the mediator's seat at the terminal: they see the mediator's table,
/// their mistakes are refused with a reason, their proposal is put, and the debrief
/// says what came of their seat.
#[test]
fn the_mediators_seat_is_playable_at_the_terminal() {
    let mut input = String::from("end\nend\nhelp\nids\n");
    input.push_str("propose jerusalem=deferred\n");
    input.push_str("propose who_negotiates=plo_direct first_step=gaza_jericho permanent_status=defer jerusalem=east_jerusalem_votes recognition=mutual_letters pay plo=0.04 israel=0.04\n");
    input.push_str("propose who_negotiates=plo_direct first_step=gaza_jericho permanent_status=defer jerusalem=east_jerusalem_votes recognition=mutual_letters pay plo=0.03 israel=0.02\n");
    input.push_str(&"end\n".repeat(20));
    let (code, out, err) = run(&["play", "-s", "oslo_1993", "--side", "mediator"], &input);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("you are Norway, the mediator"), "{out}");
    assert!(out.contains("Class code OSLO1993-AAAAAB-AAH"), "{out}");
    assert!(out.contains("Norway joins the talks only from turn 3"));
    assert!(
        out.contains("israel welcome, plo resist"),
        "ids lists the readings"
    );
    assert!(out.contains("issue \"jerusalem\" has no option \"deferred\""));
    assert!(out.contains("the payments come to 0.080, but only 0.050 of the budget is left"));
    assert!(
        out.contains("✓ [3 offer") && out.contains("Norway proposes on"),
        "{out}"
    );
    assert!(out.contains("Norway (your seat): 1 proposal(s)"), "{out}");
    // The mediator never reads a side's private lines (its probes, its briefings).
    assert!(
        !out.contains("[1 probe") && !out.contains("briefs "),
        "{out}"
    );
    // A side that is not in the scenario names the mediator's seat among the choices.
    let (code, _, err) = run(&["play", "-s", "oslo_1993", "--side", "egypt"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("norwegian_facilitators (or `mediator`"),
        "{err}"
    );
}
