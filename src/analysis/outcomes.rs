//! What the claim-checking analyses share: the inputs of one apportionment
//! with the house size and method left open, and the set of seat vectors a
//! tied allocation stands for.

use num_bigint::BigUint;
use num_traits::{One, Zero};

use crate::allocation::{Allocation, Certificate};
use crate::error::Error;
use crate::method::Method;
use crate::rules::RulesError;

/// The methods `--method M|a,b|all` stands for: one, a list (each once,
/// in the order given), or every standard method.
pub fn methods_for(choice: Option<&str>) -> Result<Vec<Method>, Error> {
    match choice.map(str::trim) {
        None | Some("all") => Ok(Method::standard()),
        Some(text) => {
            let mut methods: Vec<Method> = Vec::new();
            for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let m = Method::parse(part)?;
                if !methods.contains(&m) {
                    methods.push(m);
                }
            }
            if methods.is_empty() {
                methods.push(Method::parse(text)?);
            }
            Ok(methods)
        }
    }
}

/// Every seat vector a (possibly tied) allocation stands for: the tied
/// regions start at `base` and any `picks` of them take one seat more; or,
/// for the rules engine, the listed vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcomes {
    /// Seats without the contested ones, in input order.
    pub base: Vec<u64>,
    /// The regions in the tie (could gain or could lose), in input order.
    pub tied: Vec<usize>,
    /// How many of the tied regions hold a contested seat.
    pub picks: usize,
    /// Under rules, every tied allocation, the one shown first (`base`,
    /// `tied` and `picks` then describe the first only). Rules couple
    /// regions, so their ties are a list, not "any k of these".
    pub listed: Option<Vec<Vec<u64>>>,
}

/// In how many of an allocation's outcomes a statement holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holds {
    /// Outcomes in which it holds.
    pub count: BigUint,
    /// All outcomes (1 without a tie).
    pub of: BigUint,
}

impl Holds {
    /// Holds in every outcome.
    pub fn always(&self) -> bool {
        self.count == self.of
    }

    /// Holds in no outcome.
    pub fn never(&self) -> bool {
        self.count.is_zero()
    }
}

/// n choose k, exact.
fn choose(n: usize, k: usize) -> BigUint {
    if k > n {
        return BigUint::zero();
    }
    let k = k.min(n - k);
    (0..k).fold(BigUint::one(), |acc, i| acc * (n - i) / (i + 1))
}

impl Outcomes {
    /// The outcomes of an allocation (one when it is not tied).
    ///
    /// A rules-engine tie whose list stopped at its limit is not counted
    /// here: every statement about it would be a guess, so it is an error.
    pub fn of(a: &Allocation) -> Result<Outcomes, Error> {
        let mut base = a.seats();
        let listed = match &a.certificate {
            Certificate::Rules(o) if !o.alternatives.is_empty() => {
                if !o.alternatives_complete {
                    return Err(Error::from(RulesError::TooManyTies {
                        found: o.alternatives.len() + 1,
                    }));
                }
                let mut all = vec![base.clone()];
                all.extend(o.alternatives.iter().cloned());
                Some(all)
            }
            _ => None,
        };
        if let Some(all) = listed {
            return Ok(Outcomes {
                base,
                tied: Vec::new(),
                picks: 0,
                listed: Some(all),
            });
        }
        let Some(tie) = &a.tie else {
            return Ok(Outcomes {
                base,
                tied: Vec::new(),
                picks: 0,
                listed: None,
            });
        };
        for &i in &tie.could_lose {
            base[i] -= 1;
        }
        let mut tied: Vec<usize> = tie
            .could_gain
            .iter()
            .chain(&tie.could_lose)
            .copied()
            .collect();
        tied.sort_unstable();
        Ok(Outcomes {
            base,
            tied,
            picks: tie.could_lose.len(),
            listed: None,
        })
    }

    /// How many seat vectors there are.
    pub fn total(&self) -> BigUint {
        match &self.listed {
            Some(all) => BigUint::from(all.len()),
            None => choose(self.tied.len(), self.picks),
        }
    }

    /// Under rules: the listed vectors for which `test` holds, counted.
    fn count_listed(&self, test: impl Fn(&[u64]) -> bool) -> Option<Holds> {
        let all = self.listed.as_ref()?;
        let count = all.iter().filter(|v| test(v)).count();
        Some(self.holds(BigUint::from(count)))
    }

    fn holds(&self, count: BigUint) -> Holds {
        Holds {
            count,
            of: self.total(),
        }
    }

    /// The fewest and the most seats `region` holds over the outcomes.
    pub fn range(&self, region: usize) -> (u64, u64) {
        if let Some(all) = &self.listed {
            let seats = all.iter().map(|v| v[region]);
            return (seats.clone().min().unwrap_or(0), seats.max().unwrap_or(0));
        }
        let b = self.base[region];
        if self.tied.contains(&region) {
            (b, b + 1)
        } else {
            (b, b)
        }
    }

    /// Outcomes in which every region in `regions` holds at least `k`.
    pub fn at_least(&self, regions: &[usize], k: u64) -> Holds {
        if let Some(h) = self.count_listed(|v| regions.iter().all(|&i| v[i] >= k)) {
            return h;
        }
        let mut must = 0;
        for &i in regions {
            let (low, high) = self.range(i);
            if high < k {
                return self.holds(BigUint::zero());
            }
            if low < k {
                must += 1;
            }
        }
        if must > self.picks {
            return self.holds(BigUint::zero());
        }
        self.holds(choose(self.tied.len() - must, self.picks - must))
    }

    /// Outcomes in which `region` holds exactly `k`.
    pub fn exactly(&self, region: usize, k: u64) -> Holds {
        if let Some(h) = self.count_listed(|v| v[region] == k) {
            return h;
        }
        let (low, high) = self.range(region);
        let count = if k < low || k > high {
            BigUint::zero()
        } else if low == high {
            self.total()
        } else if k == high {
            choose(self.tied.len() - 1, self.picks - 1)
        } else {
            choose(self.tied.len() - 1, self.picks)
        };
        self.holds(count)
    }

    /// Whether `table` is one of the outcomes (count 1) or not (0).
    pub fn table(&self, table: &[u64]) -> Holds {
        if let Some(h) = self.count_listed(|v| v == table) {
            return h;
        }
        let mut picked = 0;
        let mut fits = table.len() == self.base.len();
        for (i, (&t, &b)) in table.iter().zip(&self.base).enumerate() {
            let (low, high) = self.range(i);
            if t < low || t > high {
                fits = false;
            }
            picked += usize::from(t > b);
        }
        let count = u32::from(fits && picked == self.picks);
        self.holds(BigUint::from(count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three regions tied for two seats, one region untied.
    fn two_of_three() -> Outcomes {
        Outcomes {
            base: vec![2, 1, 1, 1],
            tied: vec![1, 2, 3],
            picks: 2,
            listed: None,
        }
    }

    #[test]
    fn counts_outcomes_by_hand() {
        let o = two_of_three();
        assert_eq!(o.total(), BigUint::from(3u32));
        // Every region ≥ 2: regions 1, 2, 3 would all need the extra seat.
        assert!(o.at_least(&[0, 1, 2, 3], 2).never());
        // Regions 1 and 2 both ≥ 2: only the outcome {1, 2}.
        assert_eq!(o.at_least(&[1, 2], 2).count, BigUint::from(1u32));
        // Region 3 gets 2 in {1,3} and {2,3}; 1 in {1,2}.
        assert_eq!(o.exactly(3, 2).count, BigUint::from(2u32));
        assert_eq!(o.exactly(3, 1).count, BigUint::from(1u32));
        assert!(o.exactly(0, 2).always());
        assert_eq!(o.table(&[2, 2, 1, 2]).count, BigUint::from(1u32));
        assert!(o.table(&[2, 2, 2, 2]).never());
        assert!(o.table(&[3, 1, 1, 2]).never());
    }

    #[test]
    fn choose_is_exact() {
        assert_eq!(choose(5, 2), BigUint::from(10u32));
        assert_eq!(choose(50, 25), BigUint::from(126_410_606_437_752u64));
        assert!(choose(2, 3).is_zero());
    }
}
