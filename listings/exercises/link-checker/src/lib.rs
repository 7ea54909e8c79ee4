//! A link checker: it fetches many URLs at the same time, with a limit on
//! how many requests are open at once and a time limit for each.

// starter: #![allow(unused_imports, unused_variables, dead_code)] // delete once your code uses them
// end starter

// The tests open sockets on 127.0.0.1: Miri needs isolation off for them.
// miri: -Zmiri-disable-isolation

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::timeout;

/// Why a link could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// The URL is not of the form `http://HOST:PORT/PATH`.
    BadUrl,
    /// The connection was refused: nothing listens on that port.
    Refused,
    /// The request did not end within its time limit.
    TimedOut,
    /// The response does not begin with an HTTP status line.
    BadResponse,
    /// Any other I/O error, by its kind.
    Io(io::ErrorKind),
}

/// Checks every URL of `urls` with an HTTP/1.1 `GET`, and returns, in the
/// order of `urls`, each one's status code or the reason it has none.
///
/// Each URL has the form `http://HOST:PORT/PATH`, with a port. At most
/// `max_in_flight` requests are open at any moment, from the connection to
/// the end of the response. Each request gets at most `limit` from the
/// moment it starts: the time a URL waits for its turn does not count.
/// Dropping the returned future before it is done stops every request.
///
/// # Panics
///
/// If `max_in_flight` is 0.
pub async fn check_links(
    urls: &[String],
    max_in_flight: usize,
    limit: Duration,
) -> Vec<Result<u16, LinkError>> {
    // starter: todo!("a task per URL, a semaphore to limit the requests in flight, a timeout per request")
    assert!(max_in_flight > 0, "max_in_flight must be at least 1");
    let permits = Arc::new(Semaphore::new(max_in_flight));
    // Dropping the set aborts every check still in it.
    let mut checks = JoinSet::new();
    for (index, url) in urls.iter().enumerate() {
        let (url, permits) = (url.clone(), Arc::clone(&permits));
        checks.spawn(async move {
            // The permit borrows `permits`, which this task owns; it is held
            // until the end of this block: for the whole request, and for no
            // longer.
            let _permit = permits.acquire().await.expect("never closed");
            let status = match timeout(limit, status_of(&url)).await {
                Ok(status) => status,
                Err(_elapsed) => Err(LinkError::TimedOut),
            };
            (index, status)
        });
    }
    // Results come in the order the checks finish; the index puts each one
    // in its URL's place.
    let mut statuses = vec![None; urls.len()];
    while let Some(check) = checks.join_next().await {
        let (index, status) = check.expect("a check panicked");
        statuses[index] = Some(status);
    }
    statuses
        .into_iter()
        .map(|status| status.expect("every check reports"))
        .collect()
    // end starter
}

/// Fetches `url` and returns the status code of the response.
async fn status_of(url: &str) -> Result<u16, LinkError> {
    // starter: todo!("connect, send a GET with `Connection: close`, read the response, parse its status")
    let (address, path) = split_url(url)?;
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|e| match e.kind() {
            io::ErrorKind::ConnectionRefused => LinkError::Refused,
            kind => LinkError::Io(kind),
        })?;
    // `Connection: close` asks the server to close the connection after its
    // response, which ends `read_to_end`.
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| LinkError::Io(e.kind()))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .map_err(|e| LinkError::Io(e.kind()))?;
    // The status line, `HTTP/1.1 404 Not Found`, ends at the first `\r\n`;
    // its reason phrase may be empty or missing.
    let line_end = response
        .windows(2)
        .position(|pair| pair == b"\r\n")
        .unwrap_or(response.len());
    let mut status_line = response[..line_end].split(|&byte| byte == b' ');
    match (status_line.next(), status_line.next()) {
        // Three ASCII digits: parsing alone would also accept `+12`.
        (Some(version), Some(code))
            if version.starts_with(b"HTTP/")
                && code.len() == 3
                && code.iter().all(u8::is_ascii_digit) =>
        {
            Ok(code
                .iter()
                .fold(0, |number, digit| number * 10 + u16::from(digit - b'0')))
        }
        _ => Err(LinkError::BadResponse),
    }
    // end starter
}

/// Splits `http://HOST:PORT/PATH` into `HOST:PORT` and `/PATH`; a URL
/// without a path gets `/`.
fn split_url(url: &str) -> Result<(&str, &str), LinkError> {
    // starter: todo!("`HOST:PORT` and `/PATH`, or LinkError::BadUrl")
    let rest = url.strip_prefix("http://").ok_or(LinkError::BadUrl)?;
    let (address, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    match address.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
            Ok((address, path))
        }
        _ => Err(LinkError::BadUrl),
    }
    // end starter
}
