//! The lines of a parsed Rego module that regorus's coverage counts (for `policy test
//! --coverage`), and the lines of its `metadata` rule (not counted).

use std::collections::BTreeSet;

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};

use super::static_checks::head_path;

/// Lines spanned by the module's `metadata` rule: data modelgate reads when loading, left out
/// of coverage.
pub fn metadata_lines(module: &Module) -> BTreeSet<u32> {
    let mut lines = BTreeSet::new();
    for rule in &module.policy {
        if head_path(rule) == ["metadata"] {
            let span = rule.span();
            let extra = span.text().matches('\n').count() as u32;
            lines.extend(span.line..=span.line + extra);
        }
    }
    lines
}

/// Lines regorus's coverage report would list for a module (covered or not): the lines of
/// every expression in rule heads' values and in rule bodies. Used for files no test
/// reached at all, which regorus leaves out of its report.
pub fn coverable_lines(module: &Module) -> BTreeSet<u32> {
    let mut lines = BTreeSet::new();
    for rule in &module.policy {
        match rule.as_ref() {
            Rule::Spec { head, bodies, .. } => {
                match head {
                    RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                        if let Some(a) = assign {
                            expr_lines(&a.value, &mut lines);
                        }
                    }
                    RuleHead::Set { key, .. } => {
                        if let Some(k) = key {
                            expr_lines(k, &mut lines);
                        }
                    }
                }
                for b in bodies {
                    query_lines(&b.query, &mut lines);
                }
            }
            Rule::Default { value, .. } => expr_lines(value, &mut lines),
        }
    }
    lines
}

fn query_lines(q: &Query, lines: &mut BTreeSet<u32>) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                value, collection, ..
            } => {
                expr_lines(value, lines);
                expr_lines(collection, lines);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => expr_lines(expr, lines),
            Literal::Every { domain, query, .. } => {
                expr_lines(domain, lines);
                query_lines(query, lines);
            }
        }
    }
}

fn expr_lines(e: &Expr, lines: &mut BTreeSet<u32>) {
    match e {
        Expr::ArrayCompr { query, .. } | Expr::SetCompr { query, .. } => {
            query_lines(query, lines);
            return;
        }
        Expr::ObjectCompr { query, .. } => {
            query_lines(query, lines);
            return;
        }
        _ => {}
    }
    lines.insert(e.span().line);
    let mut sub: Vec<&Expr> = Vec::new();
    match e {
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            sub.extend(items.iter().map(|i| i.as_ref()))
        }
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                sub.push(k);
                sub.push(v);
            }
        }
        Expr::Call { fcn, params, .. } => {
            sub.push(fcn);
            sub.extend(params.iter().map(|p| p.as_ref()));
        }
        Expr::UnaryExpr { expr, .. } => sub.push(expr),
        Expr::RefDot { refr, .. } => sub.push(refr),
        Expr::RefBrack { refr, index, .. } => {
            sub.push(refr);
            sub.push(index);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            sub.push(lhs);
            sub.push(rhs);
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => {
            if let Some(k) = key {
                sub.push(k);
            }
            sub.push(value);
            sub.push(collection);
        }
        _ => {}
    }
    for s in sub {
        expr_lines(s, lines);
    }
}
