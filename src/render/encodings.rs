//! What channels make once from a rendering and share between all of its
//! deliveries: an email's encoded body parts, the fixed parts of a webhook
//! payload. A hundred thousand customers who share a language and a zone
//! share one rendering, so whatever is the same for all of them is encoded
//! once, not once per customer.

use std::any::Any;
use std::sync::{Arc, Mutex};

/// At most this many encodings are kept with one rendering; beyond that a
/// channel makes its encoding for the delivery at hand and keeps nothing,
/// so a rendering never grows with the deliveries it serves.
const KEPT: usize = 8;

/// The encodings made from one rendering, each of a channel's own type.
///
/// Empty in a clone (a clone may be changed, and what was encoded from the
/// original would then be wrong); equal to any other, as it only repeats
/// what the rendering says.
#[derive(Default)]
pub(crate) struct Encodings {
    kept: Mutex<Vec<Arc<dyn Any + Send + Sync>>>,
}

impl Encodings {
    /// The kept encoding of type `T` that `fits`, or a new one from `make`,
    /// kept for the next delivery while there is room. `make` runs outside
    /// the lock: two deliveries that race may both make one, and the first
    /// kept is the one used after.
    pub(crate) fn get_or_make<T>(
        &self,
        fits: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T>
    where
        T: Any + Send + Sync,
    {
        if let Some(found) = self.find(&fits) {
            return found;
        }
        let made = Arc::new(make());
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = find_in(&kept, &fits) {
            return found;
        }
        if kept.len() < KEPT {
            kept.push(Arc::clone(&made) as Arc<dyn Any + Send + Sync>);
        }
        made
    }

    fn find<T: Any + Send + Sync>(&self, fits: &impl Fn(&T) -> bool) -> Option<Arc<T>> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        find_in(&kept, fits)
    }
}

fn find_in<T: Any + Send + Sync>(
    kept: &[Arc<dyn Any + Send + Sync>],
    fits: &impl Fn(&T) -> bool,
) -> Option<Arc<T>> {
    kept.iter()
        .filter_map(|any| Arc::clone(any).downcast::<T>().ok())
        .find(|one| fits(one))
}

impl Clone for Encodings {
    fn clone(&self) -> Self {
        Encodings::default()
    }
}

impl PartialEq for Encodings {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Encodings {}

impl std::fmt::Debug for Encodings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().map_or(0, |k| k.len());
        write!(f, "{kept} kept")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_shared_and_bounded() {
        let encodings = Encodings::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |n: u32| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n
        };
        let a = encodings.get_or_make(|n: &u32| *n == 1, || make(1));
        let b = encodings.get_or_make(|n: &u32| *n == 1, || make(1));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 1);
        // Another type never answers for this one.
        let s = encodings.get_or_make(|_: &String| true, || "x".to_owned());
        assert_eq!(*s, "x");
        for n in 2..40 {
            assert_eq!(*encodings.get_or_make(|m: &u32| *m == n, || make(n)), n);
        }
        assert_eq!(encodings.kept.lock().unwrap().len(), KEPT);
        // A clone starts empty.
        assert_eq!(encodings.clone().kept.lock().unwrap().len(), 0);
    }
}
