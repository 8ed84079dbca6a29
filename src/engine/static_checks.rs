//! Static checks on parsed Rego, before anything is evaluated.
//!
//! regorus (0.14) does not reject recursion: a rule or function that calls itself overflows
//! the stack and aborts the process before the execution time limit can fire. OPA's compiler
//! rejects any cycle in the graph of rules and functions; this module does the same on
//! regorus's parsed modules (`regorus::unstable`, the AST behind `Engine::get_modules`).
//!
//! It also lists what the policy tooling needs from the sources: the package of each module,
//! the rules it defines (`test_*` rules for `policy test`, `violations` for the rule
//! contract). The lines regorus counts for coverage are in `coverage_lines`.

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{Expr, Literal, Module, Query, Ref, Rule, RuleHead};

/// One rule definition (all bodies of a rule with the same path share one node).
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// `data.pkg.name` (the static part of the rule head).
    pub path: String,
    pub file: String,
    pub line: u32,
}

/// A cycle in the rule/function graph: each step's path, file and line; the first step is
/// repeated at the end.
#[derive(Debug, Clone)]
pub struct Cycle {
    pub steps: Vec<RuleDef>,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self
            .steps
            .iter()
            .map(|s| format!("`{}` (line {})", short(&s.path), s.line))
            .collect();
        write!(f, "{}", names.join(" → "))
    }
}

/// `data.a.b.f` → `f` when printing a cycle inside one package is enough; keep the full path
/// otherwise (the caller names the file).
fn short(path: &str) -> &str {
    path.strip_prefix("data.").unwrap_or(path)
}

/// The file a module was parsed from (the name given to `add_policy`).
pub fn file_of(module: &Module) -> String {
    module.package.span.source.file().to_string()
}

/// `data.a.b` for `package a.b`.
pub fn package_of(module: &Module) -> String {
    let mut p = String::from("data");
    for s in static_path(&module.package.refr) {
        p.push('.');
        p.push_str(&s);
    }
    p
}

/// Rules defined by a module: (path, line), in source order, one entry per definition.
pub fn rules_of(module: &Module) -> Vec<(String, u32)> {
    let package = package_of(module);
    module
        .policy
        .iter()
        .map(|r| {
            let head = head_path(r);
            (format!("{package}.{}", head.join(".")), r.span().line)
        })
        .collect()
}

/// Static part of a rule head: `p` for `p[k] := v`, `a.b` for `a.b := 1`.
pub(super) fn head_path(rule: &Ref<Rule>) -> Vec<String> {
    match rule.as_ref() {
        Rule::Spec { head, .. } => match head {
            RuleHead::Compr { refr, .. }
            | RuleHead::Set { refr, .. }
            | RuleHead::Func { refr, .. } => static_path(refr),
        },
        Rule::Default { refr, .. } => static_path(refr),
    }
}

/// The static prefix of a reference: `data.a.b[x].c` → `[data, a, b]`; empty when the
/// expression is not a reference.
pub(super) fn static_path(e: &Expr) -> Vec<String> {
    let mut segments: Vec<Option<String>> = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            Expr::Var { span, .. } => {
                segments.push(Some(span.text().to_string()));
                break;
            }
            Expr::RefDot { refr, field, .. } => {
                segments.push(Some(field.0.text().to_string()));
                cur = refr;
            }
            Expr::RefBrack { refr, index, .. } => {
                segments.push(match index.as_ref() {
                    Expr::String { value, .. } | Expr::RawString { value, .. } => {
                        value.as_string().ok().map(|s| s.to_string())
                    }
                    _ => None,
                });
                cur = refr;
            }
            _ => return Vec::new(),
        }
    }
    segments.reverse();
    segments.into_iter().map_while(|s| s).collect()
}

fn is_ref(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Var { .. } | Expr::RefDot { .. } | Expr::RefBrack { .. }
    )
}

/// Walks the expressions of one rule, collecting the references it makes and the names it
/// declares locally (which shadow rule names).
#[derive(Default)]
pub(super) struct Walker {
    refs: Vec<Vec<String>>,
    locals: BTreeSet<String>,
    /// Function calls: the static path of the function and where its name is written.
    pub(super) calls: Vec<(Vec<String>, regorus::unstable::Span)>,
}

impl Walker {
    fn declare(&mut self, e: &Expr) {
        match e {
            Expr::Var { span, .. } => {
                self.locals.insert(span.text().to_string());
            }
            Expr::Array { items, .. } | Expr::Set { items, .. } => {
                for i in items {
                    self.declare(i);
                }
            }
            Expr::Object { fields, .. } => {
                for (_, _, v) in fields {
                    self.declare(v);
                }
            }
            _ => {}
        }
    }

    fn query(&mut self, q: &Query) {
        for stmt in &q.stmts {
            match &stmt.literal {
                Literal::SomeVars { vars, .. } => {
                    for v in vars {
                        self.locals.insert(v.text().to_string());
                    }
                }
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    if let Some(k) = key {
                        self.declare(k);
                        self.expr(k);
                    }
                    self.declare(value);
                    self.expr(value);
                    self.expr(collection);
                }
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => self.expr(expr),
                Literal::Every {
                    key,
                    value,
                    domain,
                    query,
                    ..
                } => {
                    if let Some(k) = key {
                        self.locals.insert(k.text().to_string());
                    }
                    self.locals.insert(value.text().to_string());
                    self.expr(domain);
                    self.query(query);
                }
            }
            // `with <target> as <value>`: the target is replaced, not evaluated.
            for w in &stmt.with_mods {
                self.expr(&w.r#as);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        if is_ref(e) {
            let path = static_path(e);
            if !path.is_empty() {
                self.refs.push(path);
            }
            // Dynamic indexes along the chain are expressions of their own.
            let mut cur = e;
            loop {
                match cur {
                    Expr::RefDot { refr, .. } => cur = refr,
                    Expr::RefBrack { refr, index, .. } => {
                        self.expr(index);
                        cur = refr;
                    }
                    _ => break,
                }
            }
            return;
        }
        match e {
            Expr::String { .. }
            | Expr::RawString { .. }
            | Expr::Number { .. }
            | Expr::Bool { .. }
            | Expr::Null { .. }
            | Expr::Var { .. }
            | Expr::RefDot { .. }
            | Expr::RefBrack { .. } => {}
            Expr::Array { items, .. } | Expr::Set { items, .. } => {
                for i in items {
                    self.expr(i);
                }
            }
            Expr::Object { fields, .. } => {
                for (_, k, v) in fields {
                    self.expr(k);
                    self.expr(v);
                }
            }
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                self.query(query);
                self.expr(term);
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                self.query(query);
                self.expr(key);
                self.expr(value);
            }
            Expr::Call { fcn, params, .. } => {
                self.calls.push((static_path(fcn), fcn.span().clone()));
                self.expr(fcn);
                for p in params {
                    self.expr(p);
                }
            }
            Expr::UnaryExpr { expr, .. } => self.expr(expr),
            Expr::BinExpr { lhs, rhs, .. }
            | Expr::BoolExpr { lhs, rhs, .. }
            | Expr::ArithExpr { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            Expr::AssignExpr { op, lhs, rhs, .. } => {
                if matches!(op, regorus::unstable::AssignOp::ColEq) {
                    self.declare(lhs);
                }
                self.expr(lhs);
                self.expr(rhs);
            }
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                if let Some(k) = key {
                    self.expr(k);
                }
                self.expr(value);
                self.expr(collection);
            }
        }
    }

    pub(super) fn rule(&mut self, rule: &Rule) {
        match rule {
            Rule::Spec { head, bodies, .. } => {
                match head {
                    RuleHead::Compr { refr, assign, .. } => {
                        self.index_exprs(refr);
                        if let Some(a) = assign {
                            self.expr(&a.value);
                        }
                    }
                    RuleHead::Set { refr, key, .. } => {
                        self.index_exprs(refr);
                        if let Some(k) = key {
                            self.expr(k);
                        }
                    }
                    RuleHead::Func {
                        refr, args, assign, ..
                    } => {
                        self.index_exprs(refr);
                        for a in args {
                            self.declare(a);
                            self.expr(a);
                        }
                        if let Some(a) = assign {
                            self.expr(&a.value);
                        }
                    }
                }
                for b in bodies {
                    if let Some(a) = &b.assign {
                        self.expr(&a.value);
                    }
                    self.query(&b.query);
                }
            }
            Rule::Default {
                refr, args, value, ..
            } => {
                self.index_exprs(refr);
                for a in args {
                    self.declare(a);
                }
                self.expr(value);
            }
        }
    }

    /// `p[k] := v` heads: `k` is an expression (usually a variable bound in the body).
    fn index_exprs(&mut self, refr: &Expr) {
        let mut cur = refr;
        loop {
            match cur {
                Expr::RefDot { refr, .. } => cur = refr,
                Expr::RefBrack { refr, index, .. } => {
                    if !matches!(index.as_ref(), Expr::String { .. } | Expr::Var { .. }) {
                        self.expr(index);
                    }
                    cur = refr;
                }
                _ => break,
            }
        }
    }
}

fn is_prefix(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Find a cycle among the rules and functions of `modules`, if any. Only references that are
/// certainly to rules count (a local variable that shadows a rule name is not a reference),
/// so a reported cycle is a real one.
pub fn find_cycle(modules: &[Ref<Module>]) -> Option<Cycle> {
    // Nodes: every rule path, first definition wins for the location.
    let mut nodes: BTreeMap<Vec<String>, RuleDef> = BTreeMap::new();
    // Per definition: (node path, references resolved to full paths).
    let mut uses: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for module in modules {
        let file = file_of(module);
        let package: Vec<String> = package_of(module).split('.').map(str::to_string).collect();
        let local_rules: BTreeSet<String> = module
            .policy
            .iter()
            .filter_map(|r| head_path(r).into_iter().next())
            .collect();
        let mut imports: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for i in &module.imports {
            let path = static_path(&i.refr);
            if path.first().map(String::as_str) != Some("data") {
                continue;
            }
            let alias = match &i.r#as {
                Some(s) => s.text().to_string(),
                None => path.last().cloned().unwrap_or_default(),
            };
            imports.insert(alias, path);
        }
        for rule in &module.policy {
            let mut path = package.clone();
            path.extend(head_path(rule));
            nodes.entry(path.clone()).or_insert_with(|| RuleDef {
                path: path.join("."),
                file: file.clone(),
                line: rule.span().line,
            });
            let mut w = Walker::default();
            w.rule(rule);
            let mut resolved = Vec::new();
            for r in w.refs {
                let root = r[0].as_str();
                if w.locals.contains(root) {
                    continue;
                }
                let full = if root == "data" {
                    r
                } else if let Some(target) = imports.get(root) {
                    let mut p = target.clone();
                    p.extend(r[1..].iter().cloned());
                    p
                } else if local_rules.contains(root) {
                    let mut p = package.clone();
                    p.extend(r);
                    p
                } else {
                    continue;
                };
                resolved.push(full);
            }
            uses.push((path, resolved));
        }
    }
    // Edges: a reference reaches every rule it names, inside or around.
    let keys: Vec<Vec<String>> = nodes.keys().cloned().collect();
    let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (from, refs) in &uses {
        let Ok(from) = keys.binary_search(from) else {
            continue;
        };
        for r in refs {
            for (to, k) in keys.iter().enumerate() {
                if is_prefix(k, r) || is_prefix(r, k) {
                    edges.entry(from).or_default().insert(to);
                }
            }
        }
    }
    // Depth-first search with an explicit stack (a deep policy must not overflow ours).
    let n = keys.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let empty = BTreeSet::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(
            start,
            edges
                .get(&start)
                .unwrap_or(&empty)
                .iter()
                .rev()
                .copied()
                .collect(),
        )];
        state[start] = 1;
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(next) if state[next] == 1 => {
                    let pos = stack.iter().position(|(x, _)| *x == next).unwrap_or(0);
                    let mut steps: Vec<RuleDef> = stack[pos..]
                        .iter()
                        .map(|(x, _)| nodes[&keys[*x]].clone())
                        .collect();
                    steps.push(nodes[&keys[next]].clone());
                    return Some(Cycle { steps });
                }
                Some(next) if state[next] == 0 => {
                    state[next] = 1;
                    stack.push((
                        next,
                        edges
                            .get(&next)
                            .unwrap_or(&empty)
                            .iter()
                            .rev()
                            .copied()
                            .collect(),
                    ));
                }
                Some(_) => {}
                None => {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::engine::{Engine, DEFAULT_TIMEOUT};

    /// Load one policy: `Ok(())` or the load error.
    fn load(src: &str) -> Result<(), String> {
        Engine::new(
            false,
            &[("p.rego".into(), src.into())],
            &[],
            DEFAULT_TIMEOUT,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    #[test]
    fn cycles_between_rules_are_found() {
        let e = load("package acme\n\na if b\n\nb if {\n\tc\n}\n\nc if a\n").unwrap_err();
        assert!(
            e.starts_with("p.rego:3: recursion is not allowed in Rego: `acme.a` (line 3) → `acme.b` (line 5) → `acme.c` (line 9) → `acme.a` (line 3)"),
            "{e}"
        );
        // Through an absolute reference to the package.
        let e = load("package acme\n\nx := count(data.acme)\n").unwrap_err();
        assert!(e.contains("`acme.x` (line 3) → `acme.x` (line 3)"), "{e}");
        // In a comprehension, under `not`, in a `with` value.
        for body in [
            "f(n) := [y | some y in [n]; f(y)]",
            "f(n) if not f(n)",
            "f(n) if { true with input as f(n) }",
        ] {
            let e = load(&format!("package acme\n\n{body}\n")).unwrap_err();
            assert!(e.contains("recursion"), "{body}: {e}");
        }
    }

    #[test]
    fn look_alike_names_are_not_cycles() {
        // A parameter, a `:=` local and an `every` variable shadow the rule of the same name;
        // `input.f` and a builtin are not rules; two packages may each define `f`.
        let src = "package acme\n\nf(f) := f + 1\n\ng(x) := y if {\n\tg := x\n\ty := g\n}\n\nh(xs) if {\n\tevery h in xs { h > 0 }\n}\n\ncount_all := count(input.f)\n";
        load(src).unwrap();
    }
}
