//! The classroom server's web layer: axum routes over the [`Room`].
//!
//! Pages are plain HTML; each seat and the instructor's page hold one WebSocket on
//! which the server pushes the rendered view whenever their table changes, and over
//! which they send commands. A seat's socket needs that seat's token; the instructor's
//! pages need the instructor's secret. Bodies and messages are size-limited.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::html;
use super::room::{Reply, Room, TeacherOp};
use crate::game::Controller;

/// Largest form body and WebSocket message accepted.
pub const MAX_BODY: usize = 4 * 1024;
/// What a notice names when every page should redraw.
const EVERYONE: usize = usize::MAX;

/// The server's shared state.
pub struct Server {
    pub room: Room,
    /// Which table changed (or [`EVERYONE`]); every open page listens.
    changed: broadcast::Sender<usize>,
}

impl Server {
    pub fn new(room: Room) -> Arc<Self> {
        let (changed, _) = broadcast::channel(4096);
        Arc::new(Self { room, changed })
    }

    fn notify(&self, table: usize) {
        // No page open is not an error.
        let _ = self.changed.send(table);
    }
}

/// Every route of the classroom.
pub fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/join", post(join))
        .route("/seat/{table}/{party}", get(seat_page))
        .route("/ws/seat/{table}/{party}", get(seat_socket))
        .route("/ws/join", get(join_socket))
        .route("/teacher", get(teacher_page))
        .route("/teacher/results.json", get(results))
        .route("/ws/teacher", get(teacher_socket))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(server)
}

/// Serve until `shutdown` resolves.
pub async fn serve(
    server: Arc<Server>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(server).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn home() -> Html<String> {
    Html(html::join_page(None))
}

#[derive(Deserialize)]
struct JoinForm {
    code: String,
    name: String,
}

async fn join(
    State(s): State<Arc<Server>>,
    form: Result<Form<JoinForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Html(html::join_page(Some(&format!(
                    "the form could not be read ({e}); enter the class code and your name"
                )))),
            )
                .into_response();
        }
    };
    match s.room.join(&form.code, &form.name) {
        Ok((table, party, token)) => {
            s.notify(table);
            Redirect::to(&format!("/seat/{table}/{party}?token={token}")).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Html(html::join_page(Some(&e.to_string()))),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

async fn seat_page(
    State(s): State<Arc<Server>>,
    Path((table, party)): Path<(usize, usize)>,
    Query(q): Query<TokenQuery>,
) -> Response {
    match s.room.seat(table, party, &q.token) {
        Ok(_) => {
            let mediator = party == s.room.scenario.parties.len();
            Html(html::seat_page(table, party, &q.token, mediator)).into_response()
        }
        Err(e) => (
            StatusCode::FORBIDDEN,
            Html(html::join_page(Some(&e.to_string()))),
        )
            .into_response(),
    }
}

/// What the server sends a page.
#[derive(Serialize)]
struct Push<'a> {
    view: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    flash: Option<&'a str>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    seat: Option<SeatInfo>,
}

#[derive(Serialize, Clone)]
struct SeatInfo {
    table: usize,
    party: usize,
    token: String,
}

#[derive(Deserialize)]
struct SeatCommand {
    cmd: String,
}

/// What a seat sees now: its side's view and a line on whose move it is.
fn seat_html(s: &Server, table: usize, party: usize) -> String {
    let Some(t) = s.room.table(table) else {
        return String::new();
    };
    let t = t.lock().unwrap_or_else(|e| e.into_inner());
    let sw = s.room.switches();
    let scen = t.game.scenario();
    if t.is_mediator(party) {
        let status = if sw.ended {
            "The class has ended."
        } else if sw.paused {
            "Your instructor has paused the class."
        } else if t.game.is_finished() {
            "The game is over."
        } else if !t.full() {
            "Waiting for the students who play the sides to join your table."
        } else if t.done[party] {
            "You have ended your turn; waiting for the sides."
        } else {
            "Your move: put a proposal below (or not), then End turn."
        };
        return html::mediator_view(&t.game, status, sw.revealed);
    }
    let other = scen.other_party(party);
    let status = if sw.ended {
        "The class has ended.".to_string()
    } else if sw.paused {
        "Your instructor has paused the class.".to_string()
    } else if t.game.is_finished() {
        "The game is over.".to_string()
    } else if !t.full() {
        "Waiting for another student to join your table.".to_string()
    } else if t.done[party] {
        format!(
            "You have ended your turn; waiting for {}.",
            scen.parties[other].name
        )
    } else if t.game.controllers()[other] == Controller::Human {
        format!(
            "Your move ({} plays {}): type a move below, then End turn.",
            t.seats[other]
                .as_ref()
                .map(|x| x.name.as_str())
                .unwrap_or("a student"),
            scen.parties[other].name
        )
    } else {
        "Your move against the computer: type a move below, then End turn.".to_string()
    };
    html::seat_view(&t.game, party, &status, sw.revealed)
}

async fn seat_socket(
    State(s): State<Arc<Server>>,
    Path((table, party)): Path<(usize, usize)>,
    Query(q): Query<TokenQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    if let Err(e) = s.room.seat(table, party, &q.token) {
        return (StatusCode::FORBIDDEN, e.to_string()).into_response();
    }
    ws.max_message_size(MAX_BODY)
        .max_frame_size(MAX_BODY)
        .on_upgrade(move |socket| seat_loop(s, socket, table, party, None))
}

#[derive(Deserialize)]
struct JoinQuery {
    code: String,
    name: String,
}

/// Join over a WebSocket (for programs such as the load test): the first message says
/// where the student sits; then it is a seat's socket.
async fn join_socket(
    State(s): State<Arc<Server>>,
    Query(q): Query<JoinQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    match s.room.join(&q.code, &q.name) {
        Ok((table, party, token)) => {
            s.notify(table);
            let seat = SeatInfo {
                table,
                party,
                token,
            };
            ws.max_message_size(MAX_BODY)
                .max_frame_size(MAX_BODY)
                .on_upgrade(move |socket| seat_loop(s, socket, table, party, Some(seat)))
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn send(socket: &mut WebSocket, push: &Push<'_>) -> bool {
    let json = serde_json::to_string(push).expect("pushes are plain data");
    socket.send(Message::Text(json.into())).await.is_ok()
}

/// One page's socket: send the first view, then answer each message with `answer` and
/// redraw with `render` whenever a table `watches` cares about changes. After an
/// answer, pages watching `changed_by` redraw too.
async fn page_loop(
    s: &Server,
    mut socket: WebSocket,
    first: Push<'_>,
    render: impl Fn() -> String,
    answer: impl Fn(&str) -> Reply,
    watches: impl Fn(usize) -> bool,
    changed_by: usize,
) {
    let mut changed = s.changed.subscribe();
    if !send(&mut socket, &first).await {
        return;
    }
    loop {
        tokio::select! {
            msg = socket.recv() => {
                let reply = match msg {
                    Some(Ok(Message::Text(text))) => answer(text.as_str()),
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let push = Push { view: render(), flash: Some(&reply.text), ok: reply.ok, seat: None };
                if !send(&mut socket, &push).await {
                    break;
                }
                s.notify(changed_by);
            }
            n = changed.recv() => {
                match n {
                    Ok(t) if t != EVERYONE && !watches(t) => continue,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => break,
                }
                // Many changes at once (a busy room) are drawn once.
                while changed.try_recv().is_ok() {}
                let push = Push { view: render(), flash: None, ok: true, seat: None };
                if !send(&mut socket, &push).await {
                    break;
                }
            }
        }
    }
}

async fn seat_loop(
    s: Arc<Server>,
    socket: WebSocket,
    table: usize,
    party: usize,
    seat: Option<SeatInfo>,
) {
    let first = Push {
        view: seat_html(&s, table, party),
        flash: None,
        ok: true,
        seat,
    };
    let answer = |text: &str| match serde_json::from_str::<SeatCommand>(text) {
        Ok(c) => match s.room.table(table) {
            Some(t) => s.room.command(&t, party, &c.cmd),
            None => Reply {
                ok: false,
                text: "this table is gone".into(),
            },
        },
        Err(e) => Reply {
            ok: false,
            text: format!("the message could not be read ({e}); expected {{\"cmd\": \"…\"}}"),
        },
    };
    page_loop(
        &s,
        socket,
        first,
        || seat_html(&s, table, party),
        answer,
        |t| t == table,
        table,
    )
    .await;
}

#[derive(Deserialize)]
struct KeyQuery {
    key: String,
}

fn is_teacher(s: &Server, key: &str) -> bool {
    super::room::same_token(key, &s.room.secret)
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(html::page(
            "not allowed",
            "<section><p>This page needs the instructor's secret, printed when the server started.</p></section>",
            "",
        )),
    )
        .into_response()
}

async fn teacher_page(State(s): State<Arc<Server>>, Query(q): Query<KeyQuery>) -> Response {
    if !is_teacher(&s, &q.key) {
        return forbidden();
    }
    Html(html::teacher_page(&q.key)).into_response()
}

async fn results(State(s): State<Arc<Server>>, Query(q): Query<KeyQuery>) -> Response {
    if !is_teacher(&s, &q.key) {
        return forbidden();
    }
    let json = serde_json::to_string_pretty(&s.room.results()).expect("results are plain data");
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"results.json\"",
            ),
        ],
        json,
    )
        .into_response()
}

async fn teacher_socket(
    State(s): State<Arc<Server>>,
    Query(q): Query<KeyQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    if !is_teacher(&s, &q.key) {
        return forbidden();
    }
    ws.max_message_size(MAX_BODY)
        .max_frame_size(MAX_BODY)
        .on_upgrade(move |socket| teacher_loop(s, socket))
}

async fn teacher_loop(s: Arc<Server>, socket: WebSocket) {
    let first = Push {
        view: html::room_view(&s.room),
        flash: None,
        ok: true,
        seat: None,
    };
    let answer = |text: &str| match serde_json::from_str::<TeacherOp>(text) {
        Ok(op) => s.room.teacher(&op),
        Err(e) => Reply {
            ok: false,
            text: format!("the command could not be read: {e}"),
        },
    };
    page_loop(
        &s,
        socket,
        first,
        || html::room_view(&s.room),
        answer,
        |_| true,
        EVERYONE,
    )
    .await;
}
