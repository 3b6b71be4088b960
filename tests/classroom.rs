//! The classroom server over real sockets: what goes over the wire to each side, a
//! restart in the middle of a class, tokens on the wrong seat, malformed and oversized
//! messages, and a whole game played in headless Chromium through WebDriver while the
//! instructor's page watches.
#![cfg(feature = "serve")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use backchannel::class::ClassCode;
use backchannel::narrate;
use backchannel::scenario::Scenario;
use backchannel::server::html::esc;
use backchannel::server::{Room, Server};
use backchannel::sim::events::Audience;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn tutorial_code(seed: &str) -> (ClassCode, Arc<Scenario>) {
    let all: Vec<Arc<Scenario>> = backchannel::bundled::all()
        .into_iter()
        .map(|s| Arc::new(s.unwrap()))
        .collect();
    ClassCode::find(&format!("TUTORIAL-{seed}-HH"), &all).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bc-class-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// A server on a free port; dropping the sender stops it.
async fn start(
    dir: &Path,
    code: &ClassCode,
    scen: &Arc<Scenario>,
) -> (String, Arc<Server>, oneshot::Sender<()>) {
    let room = Room::open(code.clone(), scen.clone(), dir).unwrap();
    let server = Server::new(room);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(backchannel::server::serve(
        server.clone(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    (addr, server, stop)
}

/// Everything a page was sent: the HTML views and the flash lines.
#[derive(Default)]
struct Wire(String);

async fn push(ws: &mut Socket, wire: &mut Wire) -> serde_json::Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("the server answers within 30 s")
            .expect("the socket stays open")
            .expect("no transport error");
        if let Message::Text(t) = msg {
            let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
            for key in ["view", "flash"] {
                if let Some(s) = v[key].as_str() {
                    wire.0.push_str(s);
                    wire.0.push('\n');
                }
            }
            return v;
        }
    }
}

/// Send a command and return the answer to it (pushes in between are recorded too).
async fn command(ws: &mut Socket, wire: &mut Wire, cmd: &str) -> serde_json::Value {
    ws.send(Message::Text(
        serde_json::json!({ "cmd": cmd }).to_string().into(),
    ))
    .await
    .unwrap();
    loop {
        let v = push(ws, wire).await;
        if v.get("flash").is_some() {
            return v;
        }
    }
}

async fn join(
    addr: &str,
    code: &ClassCode,
    name: &str,
    wire: &mut Wire,
) -> (Socket, serde_json::Value) {
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://{addr}/ws/join?code={code}&name={name}"))
            .await
            .unwrap();
    let first = push(&mut ws, wire).await;
    (ws, first["seat"].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_side_is_sent_only_its_view_and_a_restart_loses_nothing() {
    let dir = temp_dir("wire");
    let (code, scen) = tutorial_code("BC9Y5T");
    let (addr, server, stop) = start(&dir, &code, &scen).await;
    let (mut wa, mut wb) = (Wire::default(), Wire::default());
    let (mut a, seat_a) = join(&addr, &code, "Ana", &mut wa).await;
    let (mut b, seat_b) = join(&addr, &code, "Ben", &mut wb).await;
    assert_eq!(
        (seat_a["table"].as_u64(), seat_a["party"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        (seat_b["table"].as_u64(), seat_b["party"].as_u64()),
        (Some(0), Some(1))
    );

    // Two turns: each side probes (its result is private), Arvenland opens a back channel.
    for turn in 0..2 {
        if turn == 0 {
            let r = command(
                &mut a,
                &mut wa,
                "open shoal_talks tveit marro via lighthouse face",
            )
            .await;
            assert_eq!(r["ok"], true, "{r}");
        }
        assert_eq!(
            command(&mut a, &mut wa, "probe ministry_talks").await["ok"],
            true
        );
        assert_eq!(
            command(&mut b, &mut wb, "probe ministry_talks").await["ok"],
            true
        );
        command(&mut a, &mut wa, "end").await;
        command(&mut b, &mut wb, "end").await;
    }
    // A malformed message is answered, not fatal.
    a.send(Message::Text("not json".into())).await.unwrap();
    let r = loop {
        let v = push(&mut a, &mut wa).await;
        if v.get("flash").is_some() {
            break v;
        }
    };
    assert_eq!(r["ok"], false);
    assert!(r["flash"].as_str().unwrap().contains("could not be read"));

    // What went to Arvenland holds nothing only Solmere may know, and the reverse.
    let (fingerprint, turn, chron_events) = {
        let t = server.room.table(0).unwrap();
        let t = t.lock().unwrap();
        let chron = t.game.chronicle();
        let lines: Vec<(Audience, String)> = chron
            .events
            .iter()
            .map(|e| (e.audience, narrate::line(&scen, chron, e)))
            .collect();
        (t.game.fingerprint(), t.game.turn(), lines)
    };
    let mut checked = [0, 0];
    for (audience, line) in &chron_events {
        if let Audience::Only(p) = audience {
            let (own, other) = if *p == 0 { (&wa, &wb) } else { (&wb, &wa) };
            // Lines both sides could have (the same words for each) prove nothing.
            if chron_events
                .iter()
                .any(|(a, l)| l == line && *a != *audience)
            {
                continue;
            }
            assert!(
                !other.0.contains(&esc(line)),
                "side {p}'s private line reached the other side: {line}"
            );
            if own.0.contains(&esc(line)) {
                checked[*p] += 1;
            }
        }
    }
    assert!(
        checked[0] > 0 && checked[1] > 0,
        "each side saw private lines of its own: {checked:?}"
    );
    assert!(!wa.0.contains(&esc(&scen.parties[1].briefing)));
    assert!(!wb.0.contains(&esc(&scen.parties[0].briefing)));
    assert!(wa.0.contains(&esc(&scen.parties[0].briefing)));

    // Stop the server mid-class and start another on the same folder.
    drop(a);
    drop(b);
    let _ = stop.send(());
    drop(server);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (addr, server, _stop) = start(&dir, &code, &scen).await;
    {
        let t = server.room.table(0).unwrap();
        let t = t.lock().unwrap();
        assert_eq!(
            t.game.fingerprint(),
            fingerprint,
            "the same game after the restart"
        );
        assert_eq!(t.game.turn(), turn);
    }
    let token_a = {
        let t = server.room.table(0).unwrap();
        let t = t.lock().unwrap();
        t.seats[0].as_ref().unwrap().token.clone()
    };
    // Ana comes back to her seat with her token; it does not open Ben's.
    let (mut a, _) =
        tokio_tungstenite::connect_async(format!("ws://{addr}/ws/seat/0/0?token={token_a}"))
            .await
            .unwrap();
    let v = push(&mut a, &mut Wire::default()).await;
    assert!(
        v["view"]
            .as_str()
            .unwrap()
            .contains(&format!("(turn {turn} of"))
    );
    let wrong =
        tokio_tungstenite::connect_async(format!("ws://{addr}/ws/seat/0/1?token={token_a}")).await;
    match wrong {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 403),
        other => panic!("a token on another seat must be refused, got {other:?}"),
    }
    // An oversized message closes the socket instead of being read.
    let _ = a.send(Message::Text("x".repeat(64 * 1024).into())).await;
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match a.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => {}
            }
        }
    })
    .await
    .unwrap_or(false);
    assert!(closed, "a 64 KiB message must close the connection");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where `chromedriver` is, if this machine has it.
fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromedriver"))
            .find(|f| f.is_file())
    })
}

struct Kill(std::process::Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn browser(port: u16) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"] }),
    );
    fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session")
}

/// Wait until the element's text satisfies `ok` (the page updates over its socket).
async fn wait_text(c: &fantoccini::Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..300 {
        if let Ok(e) = c.find(fantoccini::Locator::Css(css)).await
            && let Ok(t) = e.text().await
        {
            if ok(&t) {
                return t;
            }
            last = t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("`{css}` never showed what was expected; last text: {last}");
}

async fn click(c: &fantoccini::Client, id: &str) {
    c.find(fantoccini::Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn type_in(c: &fantoccini::Client, id: &str, text: &str) {
    c.find(fantoccini::Locator::Id(id))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_students_play_a_whole_game_in_chromium_while_the_instructor_watches() {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide chromium and chromium-driver (see .ci/run)"
        );
        eprintln!("skipped: no chromedriver on this machine (Debian: chromium-driver)");
        return;
    };
    let dir = temp_dir("browser");
    let (code, scen) = tutorial_code("K7M3QX");
    let (addr, server, _stop) = start(&dir, &code, &scen).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Kill(
        std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let base = format!("http://{addr}");
    let teacher = browser(port).await;
    teacher
        .goto(&format!("{base}/teacher?key={}", server.room.secret))
        .await
        .unwrap();
    wait_text(&teacher, "#room", |t| t.contains("No tables yet")).await;

    let mut students = Vec::new();
    for name in ["Ana", "Ben"] {
        let s = browser(port).await;
        s.goto(&format!("{base}/")).await.unwrap();
        type_in(&s, "code", &code.to_string().to_lowercase()).await;
        type_in(&s, "name", name).await;
        click(&s, "join").await;
        wait_text(&s, "#view", |t| t.contains("You lead")).await;
        students.push(s);
    }
    wait_text(&teacher, "#tables", |t| {
        t.contains("Ana") && t.contains("Ben")
    })
    .await;

    let mut saw_live = false;
    for turn in 1..=scen.deadline {
        type_in(&students[0], "line", "probe ministry_talks").await;
        click(&students[0], "send").await;
        wait_text(&students[0], "#flash", |t| !t.is_empty()).await;
        for s in &students {
            click(s, "end").await;
        }
        let next = format!("(turn {} of", turn + 1);
        let view = wait_text(&students[0], "#view", |t| {
            t.contains(&next) || t.contains("Game over")
        })
        .await;
        if turn == 2 {
            // The instructor's page follows the table without a reload.
            wait_text(&teacher, "#table-1", |t| t.contains("3 of 6")).await;
            saw_live = true;
        }
        if view.contains("Game over") {
            break;
        }
    }
    assert!(saw_live);
    wait_text(&students[1], "#view", |t| t.contains("Game over")).await;
    wait_text(&teacher, "#table-1", |t| t.contains("over:")).await;

    // The debrief: both sides' transcripts side by side, then every result.
    click(&teacher, "reveal").await;
    let reveal = wait_text(&teacher, ".reveal", |t| {
        t.contains("What Kingdom of Arvenland saw")
    })
    .await;
    assert!(reveal.contains("What Republic of Solmere saw"));
    // The download link, fetched as the page would fetch it.
    let href = teacher
        .find(fantoccini::Locator::Id("download"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let body = teacher
        .execute(
            "return fetch(arguments[0]).then(r => r.text());",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    let body = body.as_str().unwrap_or_default().to_string();
    assert!(body.contains("backchannel-result") && body.contains("Ana") && body.contains("Ben"));
    // A finished game's result file is in the class folder too.
    let files: Vec<_> = std::fs::read_dir(dir.join("results")).unwrap().collect();
    assert_eq!(files.len(), 1);
    for c in students.into_iter().chain([teacher]) {
        let _ = c.close().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
