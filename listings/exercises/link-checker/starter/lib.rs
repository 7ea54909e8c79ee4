//! A link checker: it fetches many URLs at the same time, with a limit on
//! how many requests are open at once and a time limit for each.

#![allow(unused_imports, unused_variables, dead_code)] // delete once your code uses them

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
    todo!("a task per URL, a semaphore to limit the requests in flight, a timeout per request")
}

/// Fetches `url` and returns the status code of the response.
async fn status_of(url: &str) -> Result<u16, LinkError> {
    todo!("connect, send a GET with `Connection: close`, read the response, parse its status")
}

/// Splits `http://HOST:PORT/PATH` into `HOST:PORT` and `/PATH`; a URL
/// without a path gets `/`.
fn split_url(url: &str) -> Result<(&str, &str), LinkError> {
    todo!("`HOST:PORT` and `/PATH`, or LinkError::BadUrl")
}
