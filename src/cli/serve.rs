//! `backchannel serve` (a class in the browser) and `backchannel load-test`.

use std::net::SocketAddr;
use std::process::ExitCode;

use backchannel::Controller;
use backchannel::server::{Room, Server};

use super::{LoadTestArgs, ServeArgs};

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// The address other machines on the network reach this one at (no packet is sent).
fn lan_ip() -> Option<std::net::IpAddr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:80").ok()?;
    Some(s.local_addr().ok()?.ip())
}

pub fn run(args: &ServeArgs) -> ExitCode {
    let (code, scen) = match backchannel::class::resolve(&args.code) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = args.dir.clone().unwrap_or_else(|| {
        backchannel::folders::Folders::locate()
            .data
            .join("classes")
            .join(backchannel::files::safe_stem(
                &code.to_string().replace('-', "_"),
            ))
    });
    let resumed = dir.join("room.json").exists();
    let room = match Room::open(code.clone(), scen.clone(), &dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let secret = room.secret.clone();
    let tables = room.tables().len();
    let server = Server::new(room);
    let addr = SocketAddr::new(args.bind, args.port);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "error: cannot listen on {addr}: {e} (is another server running? try --port)"
                );
                return ExitCode::FAILURE;
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
        let host = if args.bind.is_unspecified() {
            lan_ip()
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| "127.0.0.1".into())
        } else {
            args.bind.to_string()
        };
        println!("Back Channel classroom: {} — class code {code}", scen.title);
        println!("  {}", code.describe(&scen));
        println!("Students: open http://{host}:{port}/ and enter the code {code}.");
        println!("Instructor (keep this secret): http://127.0.0.1:{port}/teacher?key={secret}");
        println!(
            "Class folder: {}{}",
            dir.display(),
            if resumed {
                format!(" (resumed: {tables} table(s))")
            } else {
                String::new()
            }
        );
        println!("Stop with Ctrl-C; the same command resumes the class where it was.");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match backchannel::server::serve(server, listener, shutdown).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

pub fn load_test(args: &LoadTestArgs) -> ExitCode {
    let (code, scen) = match backchannel::class::resolve(&args.code) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let people = code
        .seats()
        .iter()
        .filter(|c| **c == Controller::Human)
        .count();
    let students = args.tables * people;
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let r = rt.block_on(backchannel::server::load::run(
        &args.addr,
        &code.to_string(),
        scen,
        students,
    ));
    println!(
        "{} students at {} table(s): {} moves in {:.1} s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} refused by the rules; {} error(s); {} of {} students finished their game",
        r.students,
        args.tables,
        r.moves,
        r.seconds,
        r.quantile(0.5),
        r.quantile(0.99),
        r.quantile(1.0),
        r.refused,
        r.errors,
        r.games_finished,
        r.students
    );
    if r.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
