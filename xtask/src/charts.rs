//! The charts of the built book, read back and measured against their
//! records: every `{{#bench-table NAME …}}` of a chapter has its chart in
//! the chapter's page and in the print page, and every mark of the chart
//! is where the record puts it on the chart's own axis.
//!
//! The check reads the chart as a reader does, not as the renderer
//! (`crates/book-model/src/bench/chart.rs`) drew it: the axis from its
//! gridlines and their labels (the unit from the axis title), then each
//! case's dot and line, compared with the median and the range of the
//! record's samples ([`book_model::Case::spread`], the figures the table's
//! cells show), its row and column labels with the table's, and the
//! baseline with the table's `relative-to=`. A renderer that drew another
//! statistic, a chart edited by hand or one left from an older record fails
//! here (the tests below do each).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use book_model::{BenchRequest, Case, Record, directives, files_under};

/// How far a mark may be from where the record puts it, in the chart's SVG
/// units (the chart is 380 wide and writes positions to 0.1).
const TOLERANCE: f64 = 0.5;

/// The chapters' tables, the pages built from them, and every problem of
/// their charts, one message per problem: `root` is the repository, `built`
/// the built HTML book.
pub fn problems(root: &Path, built: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let chapters = match files_under(&root.join("src")) {
        Ok(files) => files,
        Err(e) => return vec![format!("src/: {e}")],
    };
    let mut tables = Vec::new();
    for file in chapters
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let source = Path::new("src").join(file);
        let Ok(markdown) = fs::read_to_string(root.join(&source)) else {
            continue;
        };
        // A chapter whose directives do not parse fails the drift guard
        // that checks the figures; its pages have no chart to measure.
        for directive in directives(&markdown).unwrap_or_default() {
            if let BenchRequest::Table { relative_to } = &directive.what {
                let line = markdown[..directive.range.start].matches('\n').count() + 1;
                let page = file.with_extension("html").to_string_lossy().into_owned();
                tables.push(Table {
                    asked_at: format!("{}:{line}", source.display()),
                    page,
                    benchmark: directive.benchmark.clone(),
                    relative_to: relative_to.clone(),
                });
            }
        }
    }
    let mut records = BTreeMap::new();
    for table in &tables {
        if let std::collections::btree_map::Entry::Vacant(e) =
            records.entry(table.benchmark.clone())
        {
            match Record::load(root, &table.benchmark) {
                Ok(record) => {
                    e.insert(record);
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    let mut pages = BTreeMap::new();
    for page in tables.iter().map(|t| t.page.as_str()).chain(["print.html"]) {
        if pages.contains_key(page) {
            continue;
        }
        match fs::read_to_string(built.join(page)) {
            Ok(html) => {
                pages.insert(page.to_string(), html);
            }
            Err(e) => problems.push(format!(
                "{}: {e}: build the book (`cargo xtask build`)",
                built.join(page).display()
            )),
        }
    }
    for table in &tables {
        let Some(record) = records.get(&table.benchmark) else {
            continue;
        };
        for page in [table.page.as_str(), "print.html"] {
            if let Some(html) = pages.get(page) {
                problems.extend(page_problems(&format!("book/{page}"), html, table, record));
            }
        }
    }
    problems
}

/// A `{{#bench-table …}}` of a chapter.
pub struct Table {
    /// `src/ch11-performance-and-readability.md:224`.
    pub asked_at: String,
    /// The page built from the chapter: `ch11-performance-and-readability.html`.
    pub page: String,
    pub benchmark: String,
    pub relative_to: Option<String>,
}

/// The problems of `table`'s chart in the built page `page` (its HTML).
pub fn page_problems(page: &str, html: &str, table: &Table, record: &Record) -> Vec<String> {
    let name = &table.benchmark;
    let wanted = format!("data-record=\"{name}\"");
    let found: Vec<&str> = charts_in(html)
        .into_iter()
        .filter(|svg| svg[..svg.find('>').unwrap_or(0)].contains(&wanted))
        .collect();
    let whose = format!(
        "{page}: the chart of {name} ({} asks for its table)",
        table.asked_at
    );
    match found.as_slice() {
        [] => vec![format!(
            "{page} has no chart of {name}, whose table {} asks for: the preprocessor \
             (crates/mdbook-listings) writes one after each table; build the book again \
             (`cargo xtask build`)",
            table.asked_at
        )],
        [svg] => chart_problems(svg, record, table.relative_to.as_deref())
            .into_iter()
            .map(|p| format!("{whose}: {p}"))
            .collect(),
        more => vec![format!(
            "{whose}: the page has {} charts of {name}, not one",
            more.len()
        )],
    }
}

/// Every chart (`<svg … class="bench-chart" …>…</svg>`) of a page.
fn charts_in(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |i| start + i);
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |i| start + i + "</svg>".len());
        if rest[start..tag_end].contains("class=\"bench-chart\"") {
            found.push(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    found
}

/// What is wrong with a chart (`svg`, as the page has it) of `record`, whose
/// table is relative to `relative_to`: each message says what the chart
/// shows and what the record says.
pub fn chart_problems(svg: &str, record: &Record, relative_to: Option<&str>) -> Vec<String> {
    let root = match parse(svg) {
        Ok(root) => root,
        Err(e) => return vec![format!("its SVG does not parse: {e}")],
    };
    let mut problems = Vec::new();
    if root.attr("role") != Some("img") {
        problems.push("its <svg> lacks role=\"img\"".to_string());
    }
    for (tag, what) in [("title", "its name"), ("desc", "its figures in words")] {
        if root.child(tag).is_none_or(|t| t.text().trim().is_empty()) {
            problems.push(format!("it has no <{tag}> ({what}, for screen readers)"));
        }
    }
    let axis = match Axis::read(&root) {
        Ok(axis) => axis,
        Err(e) => {
            problems.push(e);
            return problems;
        }
    };
    problems.extend(axis.problems.iter().cloned());
    let mut drawn: Vec<&str> = Vec::new();
    for row in root.all("g", "row") {
        let row_label = row
            .all("text", "row-label")
            .first()
            .map(|t| {
                t.children
                    .iter()
                    .map(Node::text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        for mark in row.all("g", "case") {
            let id = mark.attr("data-case").unwrap_or("");
            drawn.push(id);
            let Ok(case) = record.case(id) else {
                problems.push(format!(
                    "it draws a case `{id}` that the record does not have"
                ));
                continue;
            };
            problems.extend(case_problems(mark, &row_label, case, &axis, relative_to));
        }
    }
    for case in &record.cases {
        match drawn.iter().filter(|id| **id == case.id).count() {
            1 => {}
            0 => problems.push(format!(
                "it does not draw `{}`, a case of the record",
                case.id
            )),
            n => problems.push(format!("it draws `{}` {n} times", case.id)),
        }
    }
    if let Some(base) = relative_to.and_then(|id| record.case(id).ok()) {
        let median = axis.x(base.spread().median);
        let lines = root.all("line", "baseline-line");
        if lines.is_empty() {
            problems.push(format!(
                "it has no dashed line at the baseline's median (`{}`)",
                base.id
            ));
        }
        // One dashed line per row: the first one off the median is enough.
        for line in lines {
            let (x1, x2) = (line.number("x1"), line.number("x2"));
            let on_median = |x: Option<f64>| x.is_some_and(|x| (x - median).abs() <= TOLERANCE);
            if !(on_median(x1) && on_median(x2)) {
                problems.push(format!(
                    "a dashed baseline is at x = {:.1}, but the median of `{}`, {}, is at x = \
                     {median:.1} on its axis",
                    x1.unwrap_or(f64::NAN),
                    base.id,
                    base.spread().time_text(),
                ));
                break;
            }
        }
    }
    problems
}

/// The problems of one case's marks.
fn case_problems(
    mark: &Element,
    row_label: &str,
    case: &Case,
    axis: &Axis,
    relative_to: Option<&str>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let id = &case.id;
    let spread = case.spread();
    let dot = mark.all("circle", "median");
    let line = mark.all("line", "range");
    let (Some(cx), Some(x1), Some(x2)) = (
        dot.first().and_then(|d| d.number("cx")),
        line.first().and_then(|l| l.number("x1")),
        line.first().and_then(|l| l.number("x2")),
    ) else {
        return vec![format!(
            "`{id}` lacks its dot (<circle class=\"median\">) or its line (<line class=\"range\">)"
        )];
    };
    let (median, low, high) = (
        axis.x(spread.median),
        axis.x(spread.low),
        axis.x(spread.high),
    );
    if (cx - median).abs() > TOLERANCE {
        problems.push(format!(
            "the dot of `{id}` is at x = {cx:.1}, but the record's median, {}, is at x = \
             {median:.1} on its axis",
            spread.time_text()
        ));
    }
    if (x1 - low).abs() > TOLERANCE || (x2 - high).abs() > TOLERANCE {
        problems.push(format!(
            "the line of `{id}` spans x = {x1:.1} to {x2:.1}, but the record's range, {}, spans \
             x = {low:.1} to {high:.1} on its axis",
            spread.time_text()
        ));
    }
    let column = mark
        .all("text", "column-label")
        .first()
        .map(|t| t.text())
        .unwrap_or_default();
    if column != case.column.replace('`', "") {
        problems.push(format!(
            "`{id}` is labelled \"{column}\", but its column in the table is \"{}\"",
            case.column
        ));
    }
    if row_label != case.row.replace('`', "") {
        problems.push(format!(
            "`{id}` is under \"{row_label}\", but its row in the table is \"{}\"",
            case.row
        ));
    }
    let marked = mark.has_class("baseline");
    if marked != (relative_to == Some(id.as_str())) {
        problems.push(if marked {
            format!("`{id}` is marked as the baseline, which the table says is not")
        } else {
            format!("`{id}` is the table's baseline (relative-to={id}) but is not marked as one")
        });
    }
    problems
}

/// The chart's axis, read from its gridlines and their labels.
struct Axis {
    log: bool,
    /// Two gridlines, (position, time in ns), from which every other
    /// position follows.
    first: (f64, f64),
    last: (f64, f64),
    /// Gridlines that are not where the others put them.
    problems: Vec<String>,
}

impl Axis {
    fn read(root: &Element) -> Result<Axis, String> {
        let title = root
            .all("text", "axis-title")
            .first()
            .map(|t| t.text())
            .ok_or("it has no axis title (<text class=\"axis-title\">) naming its unit")?;
        let unit = title
            .split_once('(')
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(unit, _)| unit)
            .unwrap_or("");
        let size = match unit {
            "ns" => 1.0,
            "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            _ => {
                return Err(format!(
                    "its axis title \"{title}\" names no unit in brackets (ns, µs, ms or s)"
                ));
            }
        };
        let log = title.contains("logarithmic");
        let mut ticks = Vec::new();
        for tick in root.all("g", "tick") {
            let x = tick.all("line", "").first().and_then(|l| l.number("x1"));
            let label = tick.all("text", "").first().map(|t| t.text());
            match (x, label.as_deref().map(str::parse::<f64>)) {
                (Some(x), Some(Ok(value))) => ticks.push((x, value * size)),
                _ => {
                    return Err(format!(
                        "a gridline has no position or no number: {label:?}"
                    ));
                }
            }
        }
        let (Some(&first), Some(&last)) = (ticks.first(), ticks.last()) else {
            return Err("it has no gridlines (<g class=\"tick\">) to read its axis from".into());
        };
        if first.0 == last.0 || first.1 == last.1 || (log && (first.1 <= 0.0 || last.1 <= 0.0)) {
            return Err(format!(
                "its first and last gridlines, {first:?} and {last:?}, do not make an axis"
            ));
        }
        let mut axis = Axis {
            log,
            first,
            last,
            problems: Vec::new(),
        };
        for &(x, value) in &ticks {
            let expected = axis.x(value);
            if (x - expected).abs() > TOLERANCE {
                axis.problems.push(format!(
                    "its gridline labelled {} {unit} is at x = {x:.1}, but the first and last \
                     gridlines put it at x = {expected:.1}",
                    value / size
                ));
            }
        }
        Ok(axis)
    }

    /// Where the axis puts a time.
    fn x(&self, ns: f64) -> f64 {
        let f = |v: f64| if self.log { v.ln() } else { v };
        let t = (f(ns) - f(self.first.1)) / (f(self.last.1) - f(self.first.1));
        self.first.0 + t * (self.last.0 - self.first.0)
    }
}

/// An element of the SVG: its name and attributes in lower case (as the
/// page has them: mdBook writes `viewbox`), and what it holds.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Node {
    fn text(&self) -> String {
        match self {
            Node::Element(e) => e.text(),
            Node::Text(t) => t.clone(),
        }
    }
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.attr(name)?.trim().parse().ok()
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == class))
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find_map(|n| match n {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// Every element named `name` below this one (depth first), with
    /// `class` among its classes (any, for "").
    fn all(&self, name: &str, class: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        for child in &self.children {
            if let Node::Element(e) = child {
                if e.name == name && (class.is_empty() || e.has_class(class)) {
                    found.push(e);
                }
                found.extend(e.all(name, class));
            }
        }
        found
    }

    fn text(&self) -> String {
        self.children.iter().map(Node::text).collect()
    }
}

/// The SVG's elements: enough XML for what a chart holds (tags,
/// attributes in quotes, text, the entities HTML writes).
fn parse(svg: &str) -> Result<Element, String> {
    let mut stack = vec![Element::default()];
    let mut rest = svg;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            add(&mut stack, Node::Text(unescape(rest)));
            break;
        };
        if open > 0 {
            add(&mut stack, Node::Text(unescape(&rest[..open])));
        }
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("an end tag that does not close")?;
            let name = after[..end].trim().to_ascii_lowercase();
            let element = stack
                .pop()
                .filter(|e| e.name == name)
                .ok_or_else(|| format!("</{name}> closes an element it did not open"))?;
            if stack.is_empty() {
                return Err(format!("</{name}> closes more than was opened"));
            }
            add(&mut stack, Node::Element(element));
            rest = &after[end + 1..];
            continue;
        }
        // A start tag: its name, then attributes up to `>` or `/>`.
        let name_end = rest[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("a tag that does not close")?;
        let mut element = Element {
            name: rest[1..1 + name_end].to_ascii_lowercase(),
            ..Element::default()
        };
        let body = &rest[1 + name_end..];
        let mut i = 0;
        let bytes = body.as_bytes();
        let closed_at;
        let self_closing;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() {
                return Err(format!("<{}> does not close", element.name));
            }
            if body[i..].starts_with("/>") {
                self_closing = true;
                closed_at = i + 2;
                break;
            }
            if bytes[i] == b'>' {
                self_closing = false;
                closed_at = i + 1;
                break;
            }
            let key_end = body[i..]
                .find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')
                .map_or(body.len(), |j| i + j);
            let key = body[i..key_end].to_ascii_lowercase();
            i = key_end;
            let mut value = String::new();
            if body[i..].starts_with('=') {
                i += 1;
                let quote = bytes.get(i).copied();
                if let Some(q @ (b'"' | b'\'')) = quote {
                    let end = body[i + 1..].find(q as char).ok_or_else(|| {
                        format!(
                            "an attribute of <{}> whose quote does not close",
                            element.name
                        )
                    })?;
                    value = unescape(&body[i + 1..i + 1 + end]);
                    i += end + 2;
                } else {
                    let end = body[i..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(body.len(), |j| i + j);
                    value = unescape(&body[i..end]);
                    i = end;
                }
            }
            if key.is_empty() {
                i += 1;
            } else {
                element.attrs.insert(key, value);
            }
        }
        rest = &body[closed_at..];
        if self_closing {
            add(&mut stack, Node::Element(element));
        } else {
            stack.push(element);
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map_or("", |e| e.name.as_str());
        return Err(format!("<{open}> is never closed"));
    }
    let document = stack.pop().unwrap_or_default();
    document
        .children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no element".to_string())
}

fn add(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

/// Text with the entities HTML and XML write replaced.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity_end = rest[at..].find(';').map(|i| at + i);
        let decoded = entity_end.and_then(|end| {
            let entity = &rest[at + 1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use book_model::{Machine, Spread};

    fn case(id: &str, row: &str, column: &str, ms: &[u64]) -> Case {
        Case {
            id: id.into(),
            row: row.into(),
            column: column.into(),
            samples_ns: ms.iter().map(|t| t * 1_000_000).collect(),
        }
    }

    /// Ten rounds of three cases; `slow` has one very slow round, so its
    /// mean (190 ms) is far from its median (100 ms).
    fn record() -> Record {
        Record {
            benchmark: "ch99-sort".into(),
            command: "cargo xtask bench ch99-sort".into(),
            sources: String::new(),
            digest: String::new(),
            machine: Machine {
                cpu: "Test CPU".into(),
                logical_cpus: 2,
                os: "Linux".into(),
                rustc: "rustc 1.95.0".into(),
                date: "2026-12-04".into(),
                load_before: "0.1".into(),
            },
            cases: vec![
                case(
                    "base",
                    "`slice::sort`",
                    "1 thread",
                    &[50, 52, 48, 51, 49, 50, 53, 47, 50, 50],
                ),
                case(
                    "slow",
                    "merge sort",
                    "1 thread",
                    &[100, 100, 100, 100, 100, 100, 100, 100, 100, 1000],
                ),
                case(
                    "slow/2",
                    "merge sort",
                    "2 threads",
                    &[60, 61, 59, 60, 62, 58, 60, 60, 61, 59],
                ),
            ],
        }
    }

    fn svg_of(figure: &str) -> &str {
        charts_in(figure)[0]
    }

    #[test]
    fn a_chart_drawn_from_its_record_passes() {
        let r = record();
        let figure = r.chart(Some("base")).unwrap();
        assert_eq!(
            chart_problems(svg_of(&figure), &r, Some("base")),
            Vec::<String>::new()
        );
        // As mdBook writes it into the page: names in lower case.
        let lowered = figure.replace("viewBox", "viewbox");
        assert!(chart_problems(svg_of(&lowered), &r, Some("base")).is_empty());
    }

    #[test]
    fn a_chart_that_draws_the_mean_fails() {
        let r = record();
        let mean = |c: &Case| {
            let spread = c.spread();
            let sum: u64 = c.samples_ns.iter().sum();
            Spread {
                median: sum as f64 / c.samples_ns.len() as f64,
                ..spread
            }
        };
        let figure = r.chart_drawn_with(Some("base"), mean).unwrap();
        let problems = chart_problems(svg_of(&figure), &r, Some("base"));
        // The three means are 50.0, 190 and 60.0 ms; the medians 50.0, 100
        // and 60.0: only `slow`'s dot moves by more than half a unit.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("the dot of `slow` is at x = "),
            "{}",
            problems[0]
        );
        assert!(
            problems[0].contains(", but the record's median, 100 ms (100–100), is at x = "),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_chart_of_an_older_record_fails() {
        let old = record();
        let figure = old.chart(Some("base")).unwrap();
        let mut new = record();
        new.cases[2]
            .samples_ns
            .iter_mut()
            .for_each(|t| *t += 20_000_000);
        let problems = chart_problems(svg_of(&figure), &new, Some("base"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("the dot of `slow/2` is at x = "));
        assert!(problems[0].contains("the record's median, 80.0 ms (79.0–81.0)"));
        assert!(problems[1].starts_with("the line of `slow/2` spans x = "));
    }

    #[test]
    fn a_chart_edited_by_hand_fails() {
        let r = record();
        let figure = r.chart(Some("base")).unwrap();
        let svg = svg_of(&figure);
        // Move `slow/2`'s dot by 3 units, relabel its column, unmark the
        // baseline, drop a case and a gridline's label.
        let dot_at = svg.find("data-case=\"slow/2\"").unwrap();
        let cx_at = dot_at + svg[dot_at..].find("cx=\"").unwrap() + 4;
        let cx_end = cx_at + svg[cx_at..].find('"').unwrap();
        let cx: f64 = svg[cx_at..cx_end].parse().unwrap();
        let moved = format!("{}{:.1}{}", &svg[..cx_at], cx + 3.0, &svg[cx_end..]);
        let problems = chart_problems(&moved, &r, Some("base"));
        assert_eq!(
            problems,
            [format!(
                "the dot of `slow/2` is at x = {:.1}, but the record's median, 60.0 ms \
                 (59.0–61.0), is at x = {cx:.1} on its axis",
                cx + 3.0
            )]
        );
        let relabelled = svg.replace(">2 threads<", ">3 threads<");
        assert_eq!(
            chart_problems(&relabelled, &r, Some("base")),
            ["`slow/2` is labelled \"3 threads\", but its column in the table is \"2 threads\""]
        );
        let unmarked = svg.replace("class=\"case baseline\"", "class=\"case\"");
        assert_eq!(
            chart_problems(&unmarked, &r, Some("base")),
            ["`base` is the table's baseline (relative-to=base) but is not marked as one"]
        );
        let without_slow = {
            let start = svg.find("<g class=\"case\" data-case=\"slow\"").unwrap();
            let end = start + svg[start..].find("</g>").unwrap() + 4;
            format!("{}{}", &svg[..start], &svg[end..])
        };
        assert_eq!(
            chart_problems(&without_slow, &r, Some("base")),
            ["it does not draw `slow`, a case of the record"]
        );
        let base_line = svg.find("class=\"baseline-line\" x1=\"").unwrap() + 26;
        let base_end = base_line + svg[base_line..].find('"').unwrap();
        let base_x: f64 = svg[base_line..base_end].parse().unwrap();
        let shifted = format!(
            "{}{:.1}{}",
            &svg[..base_line],
            base_x + 1.0,
            &svg[base_end..]
        );
        assert_eq!(
            chart_problems(&shifted, &r, Some("base")),
            [format!(
                "a dashed baseline is at x = {:.1}, but the median of `base`, 50.0 ms \
                 (48.0–52.0), is at x = {base_x:.1} on its axis",
                base_x + 1.0
            )]
        );
        let no_unit = svg.replace("Time (ms)", "Time");
        assert_eq!(
            chart_problems(&no_unit, &r, Some("base")),
            ["its axis title \"Time\" names no unit in brackets (ns, µs, ms or s)"]
        );
    }

    #[test]
    fn a_page_without_its_chart_fails() {
        let r = record();
        let table = Table {
            asked_at: "src/ch99.md:12".into(),
            page: "ch99.html".into(),
            benchmark: "ch99-sort".into(),
            relative_to: Some("base".into()),
        };
        let page = format!(
            "<main><table></table>{}</main>",
            r.chart(Some("base")).unwrap()
        );
        assert!(page_problems("book/ch99.html", &page, &table, &r).is_empty());
        assert_eq!(
            page_problems("book/ch99.html", "<main><table></table></main>", &table, &r),
            [
                "book/ch99.html has no chart of ch99-sort, whose table src/ch99.md:12 asks for: \
              the preprocessor (crates/mdbook-listings) writes one after each table; build \
              the book again (`cargo xtask build`)"
            ]
        );
        let moved = page.replace("data-case=\"slow\"", "data-case=\"fast\"");
        let problems = page_problems("book/ch99.html", &moved, &table, &r);
        assert_eq!(
            problems,
            [
                "book/ch99.html: the chart of ch99-sort (src/ch99.md:12 asks for its table): \
                 it draws a case `fast` that the record does not have",
                "book/ch99.html: the chart of ch99-sort (src/ch99.md:12 asks for its table): \
                 it does not draw `slow`, a case of the record",
            ]
        );
    }

    #[test]
    fn the_parser_reads_what_mdbook_writes() {
        let svg = parse(
            "<svg viewbox=\"0 0 1 1\" role=\"img\"><title>A &amp; B</title>\
             <g class=\"tick\"><line x1=\"2.5\" /><text>0.5</text></g><circle cx='3'/></svg>",
        )
        .unwrap();
        assert_eq!(svg.attr("viewbox"), Some("0 0 1 1"));
        assert_eq!(svg.child("title").unwrap().text(), "A & B");
        assert_eq!(svg.all("line", "").first().unwrap().number("x1"), Some(2.5));
        assert_eq!(
            svg.all("circle", "").first().unwrap().number("cx"),
            Some(3.0)
        );
        assert!(parse("<svg><g></svg>").is_err());
    }
}
