//! The desktop game under a real (virtual) display: a scripted tour of every screen,
//! a PNG of each, and checks that each picture shows something readable.
//!
//! Needs an X display and a Vulkan driver. Without `DISPLAY`, the test starts `Xvfb`
//! itself when it is installed (`.ci/run` installs `xvfb` and `mesa-vulkan-drivers`).
//! Where neither can be had it says so and passes, except under CI (`CI` set), where a
//! missing display is a failure. `UPDATE_SCREENSHOTS=1` copies the pictures into
//! `docs/screenshots/`.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_backchannel");

const SCREENS: [&str; 17] = [
    "01-title.png",
    "02-picker.png",
    "03-setup.png",
    "04-briefing.png",
    "05-table.png",
    "06-table-choosing.png",
    "07-handover.png",
    "08-debrief.png",
    "09-debrief-charts.png",
    "10-debrief-ideas.png",
    "11-settings.png",
    "12-load.png",
    "13-table-leaving.png",
    "14-table-mediator.png",
    "15-table-reload-problems.png",
    "16-mediator-briefing.png",
    "17-mediator-table.png",
];

struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn has_vulkan() -> bool {
    ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d"]
        .iter()
        .any(|d| {
            std::fs::read_dir(d).is_ok_and(|mut it| {
                it.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json")))
            })
        })
}

/// A display to use: the current one, or a fresh Xvfb.
fn display() -> Option<(String, Option<Xvfb>)> {
    if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
        return Some((d.to_string_lossy().into_owned(), None));
    }
    let n = 90 + std::process::id() % 100;
    let child = Command::new("Xvfb")
        .args([
            format!(":{n}"),
            "-screen".into(),
            "0".into(),
            "1280x720x24".into(),
            "-nolisten".into(),
            "tcp".into(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_millis(800));
    Some((format!(":{n}"), Some(Xvfb(child))))
}

fn decode(path: &Path) -> (u32, u32, Vec<u8>, png::ColorType) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, info.color_type)
}

#[test]
fn every_screen_renders_and_shows_readable_content() {
    let in_ci = std::env::var_os("CI").is_some();
    let Some((display, _xvfb)) = display().filter(|_| has_vulkan()) else {
        assert!(
            !in_ci,
            "CI must provide Xvfb and a Vulkan driver (see .ci/run)"
        );
        eprintln!("skipped: no display or no Vulkan driver on this machine");
        return;
    };
    let out = std::env::temp_dir().join(format!("bc-shots-{}", std::process::id()));
    let home = std::env::temp_dir().join(format!("bc-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(BIN)
        .arg("--screenshots")
        .arg(&out)
        .env("DISPLAY", &display)
        .env("BACKCHANNEL_HOME", &home)
        .env_remove("WAYLAND_DISPLAY")
        .status()
        .expect("the binary runs");
    assert!(status.success(), "the screenshot tour failed: {status}");
    for name in SCREENS {
        let path = out.join(name);
        assert!(path.exists(), "{name} was not written");
        let (w, h, pixels, color) = decode(&path);
        assert_eq!((w, h), (1280, 720), "{name}: unexpected size");
        let channels = match color {
            png::ColorType::Rgba => 4,
            png::ColorType::Rgb => 3,
            other => panic!("{name}: unexpected colour type {other:?}"),
        };
        // Text is drawn: enough bright pixels on the dark background, but the screen
        // is not washed out either.
        let bright = pixels
            .chunks(channels)
            .filter(|p| p[0] as u32 + p[1] as u32 + p[2] as u32 > 450)
            .count();
        let share = bright as f64 / (w * h) as f64;
        assert!(
            share > 0.002 && share < 0.5,
            "{name}: {:.2}% bright pixels",
            share * 100.0
        );
        let distinct: std::collections::BTreeSet<&[u8]> =
            pixels.chunks(channels).take(400_000).collect();
        assert!(
            distinct.len() > 8,
            "{name}: looks blank ({} colours)",
            distinct.len()
        );
    }
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        for name in SCREENS {
            std::fs::copy(out.join(name), docs.join(name)).unwrap();
        }
    }
}
