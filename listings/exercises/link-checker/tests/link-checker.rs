//! Run with `cargo test -p link-checker`.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use link_checker::{LinkError, check_links};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::time::{sleep, timeout};

/// Miri interprets every step, far more slowly than a normal run: under it
/// (`cfg!(miri)`), every limit below is 40 times longer.
const SLOWER: u64 = if cfg!(miri) { 40 } else { 1 };
/// The time limit per request where the server answers, or refuses, at once:
/// a correct checker never comes near it.
const ANSWERS: Duration = Duration::from_secs(5 * SLOWER);
/// The time limit per request in the test with a server that never answers.
const SHORT: Duration = Duration::from_millis(300 * SLOWER);
/// How long the counting server waits for the limit to be reached.
const GATHER: Duration = Duration::from_millis(250 * SLOWER);
/// How long a call to `check_links` may take before its test fails.
const WHOLE: Duration = Duration::from_secs(10 * SLOWER);

/// Runs `check_links`, and fails the test instead of hanging it if it has
/// not returned within `WHOLE`.
async fn check(
    urls: &[String],
    max_in_flight: usize,
    limit: Duration,
) -> Vec<Result<u16, LinkError>> {
    timeout(WHOLE, check_links(urls, max_in_flight, limit))
        .await
        .unwrap_or_else(|_elapsed| panic!("check_links did not return within {WHOLE:?}"))
}

/// Reads a request up to the empty line that ends its headers. Returns
/// whether it is a `GET` of a path over HTTP/1.1.
async fn read_get(socket: &mut TcpStream) -> bool {
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.ends_with(b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return false,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let first_line = request.lines().next().unwrap_or_default();
    first_line.starts_with("GET /") && first_line.ends_with(" HTTP/1.1")
}

/// Binds a listener to a free port of 127.0.0.1 (port 0 lets the operating
/// system choose) and returns it with its URL, `http://127.0.0.1:PORT`.
async fn listen() -> io::Result<(TcpListener, String)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    Ok((listener, url))
}

/// A server that answers each `GET` with `status_line`, and anything else
/// with `400 Bad Request`, then closes the connection.
async fn answering(status_line: &'static str) -> io::Result<String> {
    let (listener, url) = listen().await?;
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let response = if read_get(&mut socket).await {
                    status_line
                } else {
                    "HTTP/1.1 400 Bad Request"
                };
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.write_all(b"\r\nContent-Length: 0\r\n\r\n").await;
            });
        }
    });
    Ok(url)
}

/// A server that accepts connections, and never answers or closes them.
async fn silent() -> io::Result<String> {
    let (listener, url) = listen().await?;
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    Ok(url)
}

/// A server that accepts one connection, never answers, and reports when
/// the client closes it.
async fn watching_for_close() -> io::Result<(String, oneshot::Receiver<()>)> {
    let (listener, url) = listen().await?;
    let (closed, on_close) = oneshot::channel();
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0; 1024];
            // The request, then nothing until the client closes its end.
            while let Ok(1..) = socket.read(&mut buffer).await {}
            let _ = closed.send(());
        }
    });
    Ok((url, on_close))
}

/// A URL on a port where nothing listens: the port of a listener that was
/// closed.
fn closed() -> io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(format!("http://{}", listener.local_addr()?))
}

/// A server that answers `200 OK` and records the largest number of
/// connections it had open at once. It holds each connection until
/// `expected` were open at the same moment, or for `GATHER` if that does not
/// happen, then 50 ms more before it answers.
async fn counting(expected: usize) -> io::Result<(String, Arc<AtomicUsize>)> {
    let (listener, url) = listen().await?;
    let most = Arc::new(AtomicUsize::new(0));
    let open = Arc::new(AtomicUsize::new(0));
    let (reached, _) = watch::channel(false);
    let record = Arc::clone(&most);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (most, open, reached) = (Arc::clone(&record), Arc::clone(&open), reached.clone());
            tokio::spawn(async move {
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                if now >= expected {
                    reached.send_replace(true);
                }
                let mut until = reached.subscribe();
                let _ = timeout(GATHER, until.wait_for(|&yes| yes)).await;
                sleep(Duration::from_millis(50)).await;
                let get = read_get(&mut socket).await;
                // Counted as closed before the answer, so that the checker
                // cannot start its next request while this one still counts.
                open.fetch_sub(1, Ordering::SeqCst);
                let response: &[u8] = if get {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                } else {
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                };
                let _ = socket.write_all(response).await;
            });
        }
    });
    Ok((url, most))
}

#[tokio::test]
async fn reports_each_status_code_in_order() -> io::Result<()> {
    let ok = answering("HTTP/1.1 200 OK").await?;
    let missing = answering("HTTP/1.1 404 Not Found").await?;
    let urls = [
        format!("{ok}/"),
        format!("{missing}/old-page.html"),
        format!("{ok}/guide/index.html"),
        format!("{missing}/"),
    ];
    let statuses = check(&urls, 2, ANSWERS).await;
    assert_eq!(statuses, [Ok(200), Ok(404), Ok(200), Ok(404)]);
    Ok(())
}

#[tokio::test]
async fn a_response_without_a_status_line_is_bad() -> io::Result<()> {
    let garbage = answering("hello").await?;
    let statuses = check(&[format!("{garbage}/")], 1, ANSWERS).await;
    assert_eq!(statuses, [Err(LinkError::BadResponse)]);
    Ok(())
}

#[tokio::test]
async fn the_status_code_is_three_digits_of_the_first_line() -> io::Result<()> {
    // No reason phrase: the code ends the line.
    let terse = answering("HTTP/1.1 200").await?;
    // Three characters, but not three digits.
    let signed = answering("HTTP/1.1 +12 Odd").await?;
    let urls = [format!("{terse}/"), format!("{signed}/")];
    let statuses = check(&urls, 2, ANSWERS).await;
    assert_eq!(statuses, [Ok(200), Err(LinkError::BadResponse)]);
    Ok(())
}

#[tokio::test]
async fn a_closed_port_is_refused() -> io::Result<()> {
    let nobody = closed()?;
    let ok = answering("HTTP/1.1 200 OK").await?;
    let urls = [format!("{nobody}/"), format!("{ok}/")];
    let statuses = check(&urls, 2, ANSWERS).await;
    assert_eq!(statuses, [Err(LinkError::Refused), Ok(200)]);
    Ok(())
}

#[tokio::test]
async fn urls_that_are_not_http_with_a_port_are_bad() {
    let urls = [
        "https://127.0.0.1:8443/".to_string(),
        "127.0.0.1:8080/".to_string(),
        "http://127.0.0.1/".to_string(),
        "http://127.0.0.1:port/".to_string(),
    ];
    let statuses = check(&urls, 2, ANSWERS).await;
    assert_eq!(statuses, [Err(LinkError::BadUrl); 4]);
}

#[tokio::test]
async fn a_silent_server_times_out() -> io::Result<()> {
    let quiet = silent().await?;
    let ok = answering("HTTP/1.1 200 OK").await?;
    // One request at a time: the second and third start only when the first
    // has timed out, and each has its own limit.
    let urls = [format!("{quiet}/"), format!("{ok}/"), format!("{ok}/")];
    let statuses = check(&urls, 1, SHORT).await;
    assert_eq!(statuses, [Err(LinkError::TimedOut), Ok(200), Ok(200)]);
    // Three at a time: the first request ends last, and its result still
    // comes first.
    let statuses = check(&urls, 3, SHORT).await;
    assert_eq!(statuses, [Err(LinkError::TimedOut), Ok(200), Ok(200)]);
    Ok(())
}

#[tokio::test]
async fn no_more_requests_in_flight_than_the_limit() -> io::Result<()> {
    for limit in [1, 3] {
        let (ok, most) = counting(limit).await?;
        let urls: Vec<String> = (0..7).map(|page| format!("{ok}/page-{page}")).collect();
        let statuses = check(&urls, limit, ANSWERS).await;
        assert_eq!(statuses, [Ok(200); 7]);
        let most = most.load(Ordering::SeqCst);
        assert!(
            most <= limit,
            "{most} requests were open at once; the limit was {limit}"
        );
        assert_eq!(
            most, limit,
            "the checker never had {limit} requests open at once"
        );
    }
    Ok(())
}

#[tokio::test]
async fn dropping_the_checker_stops_its_requests() -> io::Result<()> {
    let (quiet, closed) = watching_for_close().await?;
    // A limit far longer than the test: only the drop can end the request.
    let urls = [format!("{quiet}/")];
    let checker = check_links(&urls, 1, 10 * WHOLE);
    assert!(
        timeout(SHORT, checker).await.is_err(),
        "check_links returned, but its server never answers"
    );
    // `timeout` has dropped the checker.
    let stopped = timeout(ANSWERS, closed).await;
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "the request was still open {ANSWERS:?} after check_links was dropped"
    );
    Ok(())
}
