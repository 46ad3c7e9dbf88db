//! Graphs of schema names: one algorithm that the check (cycles) and the limits (nesting) share.

/// Tarjan's strongly connected components without recursion: each node's component, and the
/// components in the order they were completed (every component after all those it reaches).
pub fn components(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut component = vec![UNSEEN; n];
    let (mut stack, mut next_order, mut done) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut walk = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = walk.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    walk.push((next, 0));
                } else if component[next] == UNSEEN {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let id = done.len();
                while let Some(m) = stack.pop() {
                    component[m] = id;
                    if m == node {
                        break;
                    }
                }
                done.push(id);
            }
        }
    }
    (component, done)
}
