//! A minimal `/metrics` HTTP server on the standard library only: one `std::net::TcpListener`
//! and one background thread answering one connection at a time (a scrape is one short request),
//! `Connection: close`, and 5 s read and write timeouts so a stuck client cannot stall it. No
//! async runtime and no HTTP crate; a service with its own HTTP stack can serve
//! [`crate::render`] there instead.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::thread::JoinHandle;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);
const MAX_REQUEST_HEAD: usize = 8192;
const PLAIN: &str = "text/plain; charset=utf-8";

/// A running metrics server.
#[derive(Debug)]
pub struct MetricsServer {
    local_addr: SocketAddr,
    thread: JoinHandle<()>,
}

impl MetricsServer {
    /// The address it listens on (with the real port when bound to port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Blocks on the server thread, which runs as long as the process.
    pub fn join(self) {
        let _ = self.thread.join();
    }
}

/// Serves [`crate::render`] at `GET /metrics` on `addr` from one background thread.
/// `"127.0.0.1:0"` binds a free port: see [`MetricsServer::local_addr`].
pub fn serve<A: ToSocketAddrs>(addr: A) -> std::io::Result<MetricsServer> {
    let listener = TcpListener::bind(addr)?;
    let local_addr = listener.local_addr()?;
    let thread = std::thread::Builder::new()
        .name("metrics-server".to_string())
        .spawn(move || {
            for stream in listener.incoming() {
                // A failed connection loses that one scrape; the server keeps accepting.
                if let Ok(stream) = stream {
                    let _ = answer(stream);
                }
            }
        })?;
    Ok(MetricsServer { local_addr, thread })
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("");
    let path = request_line.next().unwrap_or("").split('?').next().unwrap_or("");
    let (status, content_type, body) = if path != "/metrics" {
        ("404 Not Found", PLAIN, "not found: metrics are served at /metrics\n".to_string())
    } else if method != "GET" && method != "HEAD" {
        ("405 Method Not Allowed", PLAIN, "only GET and HEAD are allowed\n".to_string())
    } else {
        match crate::render() {
            Ok(text) => ("200 OK", crate::TEXT_CONTENT_TYPE, text),
            Err(e) => ("500 Internal Server Error", PLAIN, format!("{}\n", e)),
        }
    };
    let allow = if status.starts_with("405") { "Allow: GET, HEAD\r\n" } else { "" };
    write!(
        stream,
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n",
        status,
        content_type,
        body.len(),
        allow
    )?;
    if method != "HEAD" {
        stream.write_all(body.as_bytes())?;
    }
    stream.flush()
}
