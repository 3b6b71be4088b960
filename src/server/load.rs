//! The load test: simulated students who join a running classroom server over
//! WebSockets, two to a table, and play whole games, timing every move.
//!
//! Each student sends a message on the official channel every turn; on turn 2 the
//! first side offers the package the other side likes best, on turn 3 the other side
//! tries to accept it, and both try to sign on turn 4. The rules may refuse those
//! (a red line in the offer, say): refusals are counted, not errors. Games run to
//! their end, deadline included.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio_tungstenite::tungstenite::Message;

use crate::scenario::Scenario;
use crate::scenario::schema::ChannelKind;

/// How long a student waits for the server before counting an error.
const PATIENCE: Duration = Duration::from_secs(60);

/// What the load test measured.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub students: usize,
    /// Moves sent and answered (end of turn included).
    pub moves: usize,
    /// Moves the rules refused (not errors: the game said no).
    pub refused: usize,
    /// Transport failures, timeouts and malformed replies.
    pub errors: usize,
    pub games_finished: usize,
    pub latencies_ms: Vec<f64>,
    pub seconds: f64,
}

impl LoadReport {
    /// The `q` quantile of move latency, in milliseconds.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return 0.0;
        }
        let mut v = self.latencies_ms.clone();
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    }
}

#[derive(Deserialize)]
struct Seat {
    party: usize,
}

#[derive(Deserialize)]
struct Push {
    view: String,
    flash: Option<String>,
    ok: bool,
    seat: Option<Seat>,
}

/// The turn a view shows, and whether the game is over.
fn turn_of(view: &str) -> (u32, bool) {
    let turn = view
        .split("(turn ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (turn, view.contains("id=\"outcome\""))
}

/// The moves one side makes on a turn.
fn moves(scen: &Scenario, party: usize, turn: u32) -> Vec<String> {
    if party >= scen.parties.len() {
        // The mediator's seat only ends its turns.
        return Vec::new();
    }
    let official = scen
        .channels
        .iter()
        .find(|c| c.kind == ChannelKind::Official)
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let other = scen.other_party(party);
    let mut m = vec![format!("message {official}")];
    match (turn, party) {
        (2, 0) => {
            let package: Vec<String> = scen
                .issues
                .iter()
                .map(|i| {
                    let best = i
                        .options
                        .iter()
                        .max_by(|a, b| a.utility[other].total_cmp(&b.utility[other]))
                        .map(|o| o.id.clone())
                        .unwrap_or_default();
                    format!("{}={best}", i.id)
                })
                .collect();
            m.push(format!("offer {official} {}", package.join(" ")));
        }
        (3, 1) => m.push(format!("accept {official}")),
        (4, _) => m.push("sign".into()),
        _ => {}
    }
    m.push("end".into());
    m
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_push(ws: &mut Socket) -> Result<Push, String> {
    loop {
        let msg = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .map_err(|_| "timed out".to_string())?
            .ok_or("closed")?
            .map_err(|e| e.to_string())?;
        if let Message::Text(t) = msg {
            return serde_json::from_str(t.as_str()).map_err(|e| e.to_string());
        }
    }
}

/// One student's whole game; returns (latencies, refused, errors, finished).
async fn student(
    addr: String,
    code: String,
    n: usize,
    scen: std::sync::Arc<Scenario>,
) -> (Vec<f64>, usize, usize, bool) {
    let mut lat = Vec::new();
    let mut refused = 0;
    let url = format!("ws://{addr}/ws/join?code={code}&name=student{n}");
    let Ok((mut ws, _)) = tokio_tungstenite::connect_async(&url).await else {
        return (lat, 0, 1, false);
    };
    let Ok(first) = next_push(&mut ws).await else {
        return (lat, 0, 1, false);
    };
    let Some(seat) = first.seat else {
        return (lat, 0, 1, false);
    };
    let (mut turn, mut over) = turn_of(&first.view);
    let mut seen = turn;
    let limit = scen.deadline + 3;
    while !over && turn <= limit {
        for m in moves(&scen, seat.party, turn) {
            let cmd = serde_json::json!({ "cmd": m }).to_string();
            let sent = Instant::now();
            if ws.send(Message::Text(cmd.into())).await.is_err() {
                return (lat, refused, 1, false);
            }
            // The answer to this move is the next push that carries a flash.
            loop {
                match next_push(&mut ws).await {
                    Ok(p) if p.flash.is_some() => {
                        lat.push(sent.elapsed().as_secs_f64() * 1000.0);
                        refused += usize::from(!p.ok);
                        (seen, over) = turn_of(&p.view);
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => return (lat, refused, 1, false),
                }
            }
            if over {
                break;
            }
        }
        // Wait for the other student to end the turn too.
        if seen > turn {
            turn = seen;
            continue;
        }
        while !over {
            let (t, o) = turn_of(&ws_view(&mut ws).await.unwrap_or_default());
            if t == 0 && !o {
                return (lat, refused, 1, false);
            }
            over = o;
            if t > turn {
                turn = t;
                break;
            }
        }
    }
    let _ = ws.close(None).await;
    (lat, refused, 0, over)
}

async fn ws_view(ws: &mut Socket) -> Option<String> {
    next_push(ws).await.ok().map(|p| p.view)
}

/// Seat `tables × humans` students on the server at `addr` and play every game.
pub async fn run(
    addr: &str,
    code: &str,
    scen: std::sync::Arc<Scenario>,
    students: usize,
) -> LoadReport {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..students {
        tasks.push(tokio::spawn(student(
            addr.to_string(),
            code.to_string(),
            n,
            scen.clone(),
        )));
    }
    let mut r = LoadReport {
        students,
        ..Default::default()
    };
    for t in tasks {
        match t.await {
            Ok((lat, refused, errors, finished)) => {
                r.moves += lat.len();
                r.latencies_ms.extend(lat);
                r.refused += refused;
                r.errors += errors;
                r.games_finished += usize::from(finished);
            }
            Err(_) => r.errors += 1,
        }
    }
    r.seconds = start.elapsed().as_secs_f64();
    r
}
