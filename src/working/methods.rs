//! The fixed text of each method: its name, its formula in plain text and in
//! MathML, and its source. None of it holds the user's numbers.

/// A method as the "How this was worked out" panel names it.
pub(super) struct Method {
    pub(super) name: &'static str,
    pub(super) formula: &'static str,
    pub(super) mathml: &'static str,
    pub(super) source: &'static str,
}

const WILSON_FORMULA: &str = "p = x ÷ n. Interval: (p + z²/(2n) ± z √(p(1 − p)/n + z²/(4n²))) ÷ (1 + z²/n), where z is the standard normal quantile for the confidence level (1.960 for 95%).";

const WILSON_MATHML: &str = "<math display=\"block\"><mfrac><mrow><mi>p</mi><mo>+</mo><mfrac><msup><mi>z</mi><mn>2</mn></msup><mrow><mn>2</mn><mi>n</mi></mrow></mfrac><mo>±</mo><mi>z</mi><msqrt><mfrac><mrow><mi>p</mi><mo stretchy=\"false\">(</mo><mn>1</mn><mo>−</mo><mi>p</mi><mo stretchy=\"false\">)</mo></mrow><mi>n</mi></mfrac><mo>+</mo><mfrac><msup><mi>z</mi><mn>2</mn></msup><mrow><mn>4</mn><msup><mi>n</mi><mn>2</mn></msup></mrow></mfrac></msqrt></mrow><mrow><mn>1</mn><mo>+</mo><mfrac><msup><mi>z</mi><mn>2</mn></msup><mi>n</mi></mfrac></mrow></mfrac></math>";

const WILSON_SOURCE: &str = "Wilson EB (1927). Probable inference, the law of succession, and statistical inference. Journal of the American Statistical Association 22:209–212.";

const KATZ_FORMULA: &str =
    "RR = (x₁/n₁) ÷ (x₂/n₂). Interval: exp(ln RR ± z √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)).";

const KATZ_MATHML: &str = "<math display=\"block\"><mi>exp</mi><mo>(</mo><mi>ln</mi><mo>\u{2061}</mo><mi>RR</mi><mo>±</mo><mi>z</mi><msqrt><mfrac><mn>1</mn><msub><mi>x</mi><mn>1</mn></msub></mfrac><mo>−</mo><mfrac><mn>1</mn><msub><mi>n</mi><mn>1</mn></msub></mfrac><mo>+</mo><mfrac><mn>1</mn><msub><mi>x</mi><mn>2</mn></msub></mfrac><mo>−</mo><mfrac><mn>1</mn><msub><mi>n</mi><mn>2</mn></msub></mfrac></msqrt><mo>)</mo></math>";

const KATZ_SOURCE: &str = "Katz D, Baptista J, Azen SP, Pike MC (1978). Obtaining confidence intervals for the risk ratio in cohort studies. Biometrics 34:469–474.";

const PEARSON_SOURCE: &str = "Pearson K (1900). On the criterion that a given system of deviations from the probable in the case of a correlated system of variables is such that it can be reasonably supposed to have arisen from random sampling. Philosophical Magazine 50:157–175.";

const INDEPENDENCE_FORMULA: &str = "χ² = Σ over the cells of (observed − expected)² ÷ expected, where expected = row total × column total ÷ grand total; degrees of freedom = number of rows − 1; p = P(χ² with those degrees of freedom ≥ the value found). No continuity correction.";

const INDEPENDENCE_MATHML: &str = "<math display=\"block\"><msup><mi>χ</mi><mn>2</mn></msup><mo>=</mo><munder><mo>∑</mo><mtext>cells</mtext></munder><mfrac><msup><mrow><mo stretchy=\"false\">(</mo><mi>O</mi><mo>−</mo><mi>E</mi><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup><mi>E</mi></mfrac><mo>,</mo><mspace width=\"1em\"/><mi>E</mi><mo>=</mo><mfrac><mrow><mtext>row total</mtext><mo>×</mo><mtext>column total</mtext></mrow><mtext>grand total</mtext></mfrac></math>";

pub(super) const WILSON_SHARE: Method = Method {
    name: "Share with a Wilson score interval",
    formula: WILSON_FORMULA,
    mathml: WILSON_MATHML,
    source: WILSON_SOURCE,
};

pub(super) const WILSON_RATE: Method = Method {
    name: "Job rate with a Wilson score interval",
    formula: WILSON_FORMULA,
    mathml: WILSON_MATHML,
    source: WILSON_SOURCE,
};

pub(super) const CLOPPER_PEARSON: Method = Method {
    name: "Job rate with a Clopper-Pearson exact interval",
    formula: "p = x ÷ n. Lower bound: the p at which P(X ≥ x) = α/2; upper bound: the p at which P(X ≤ x) = α/2, for X binomial with n trials and success chance p, α = 1 − confidence. The lower bound is 0 when x = 0 and the upper bound 1 when x = n.",
    mathml: "<math display=\"block\"><msub><mi>P</mi><msub><mi>p</mi><mtext>lower</mtext></msub></msub><mo stretchy=\"false\">(</mo><mi>X</mi><mo>≥</mo><mi>x</mi><mo stretchy=\"false\">)</mo><mo>=</mo><mfrac><mi>α</mi><mn>2</mn></mfrac><mo>,</mo><mspace width=\"1em\"/><msub><mi>P</mi><msub><mi>p</mi><mtext>upper</mtext></msub></msub><mo stretchy=\"false\">(</mo><mi>X</mi><mo>≤</mo><mi>x</mi><mo stretchy=\"false\">)</mo><mo>=</mo><mfrac><mi>α</mi><mn>2</mn></mfrac></math>",
    source: "Clopper CJ, Pearson ES (1934). The use of confidence or fiducial limits illustrated in the case of the binomial. Biometrika 26:404–413.",
};

pub(super) const POPULATION_SHARE: Method = Method {
    name: "Share of the reference population",
    formula: "s = the group's population ÷ the population of all groups compared (or its percentage ÷ the sum of their percentages). \"Not known\" rows are left out. The share is treated as a fixed, known value.",
    mathml: "<math display=\"block\"><msub><mi>s</mi><mi>g</mi></msub><mo>=</mo><mfrac><msub><mtext>population</mtext><mi>g</mi></msub><mrow><msub><mo>∑</mo><mi>h</mi></msub><msub><mtext>population</mtext><mi>h</mi></msub></mrow></mfrac></math>",
    source: "The calculator's contract (SPEC section 2): the population is the reference, such as people using secondary mental health services in the same area and period.",
};

pub(super) const EXPECTED: Method = Method {
    name: "Expected number in IPS",
    formula: "Expected = N × s: everyone in IPS across the groups compared times the group's share of the population, the number in IPS if it reached every group in proportion.",
    mathml: "<math display=\"block\"><msub><mi>E</mi><mi>g</mi></msub><mo>=</mo><mi>N</mi><mo>×</mo><msub><mi>s</mi><mi>g</mi></msub></math>",
    source: "The calculator's contract (SPEC section 2).",
};

pub(super) const REPRESENTATION_RATIO: Method = Method {
    name: "Representation ratio with a Wilson-based interval",
    formula: "Ratio = share of IPS ÷ share of the population. Interval: the Wilson score interval of the share of IPS, each bound divided by the population share (treated as known). 1 means IPS reaches the group in proportion.",
    mathml: "<math display=\"block\"><mtext>ratio</mtext><mo>=</mo><mfrac><mrow><msub><mi>x</mi><mi>g</mi></msub><mo>/</mo><mi>N</mi></mrow><msub><mi>s</mi><mi>g</mi></msub></mfrac><mo>,</mo><mspace width=\"1em\"/><mtext>interval</mtext><mo>=</mo><mfrac><mrow><mo>[</mo><mi>L</mi><mo>,</mo><mi>U</mi><mo>]</mo></mrow><msub><mi>s</mi><mi>g</mi></msub></mfrac></math>",
    source: WILSON_SOURCE,
};

pub(super) const BINOMIAL: Method = Method {
    name: "Exact two-sided binomial test",
    formula: "Under IPS reaching every group in proportion, the group's count X follows a binomial distribution with N trials and chance s. p = the sum of P(X = k) over every k no more likely than the count observed (with a relative tolerance of 10⁻⁷).",
    mathml: "<math display=\"block\"><mi>p</mi><mo>=</mo><munder><mo>∑</mo><mrow><mi>k</mi><mo>:</mo><mi>P</mi><mo stretchy=\"false\">(</mo><mi>k</mi><mo stretchy=\"false\">)</mo><mo>≤</mo><mi>P</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow></munder><mrow><mo>(</mo><mfrac linethickness=\"0\"><mi>N</mi><mi>k</mi></mfrac><mo>)</mo></mrow><msup><mi>s</mi><mi>k</mi></msup><msup><mrow><mo stretchy=\"false\">(</mo><mn>1</mn><mo>−</mo><mi>s</mi><mo stretchy=\"false\">)</mo></mrow><mrow><mi>N</mi><mo>−</mo><mi>k</mi></mrow></msup></math>",
    source: "The exact binomial test with the \"no more likely\" two-sided p-value, as R's binom.test and SciPy's binomtest.",
};

pub(super) const HOLM: Method = Method {
    name: "Holm step-down adjustment",
    formula: "Sort the m p-values from smallest to largest; multiply the j-th by (m − j + 1); each adjusted p-value is the largest product so far, capped at 1.",
    mathml: "<math display=\"block\"><msub><mover><mi>p</mi><mo>~</mo></mover><mrow><mo stretchy=\"false\">(</mo><mi>j</mi><mo stretchy=\"false\">)</mo></mrow></msub><mo>=</mo><mi>min</mi><mo stretchy=\"false\">(</mo><mn>1</mn><mo>,</mo><munder><mi>max</mi><mrow><mi>i</mi><mo>≤</mo><mi>j</mi></mrow></munder><mo stretchy=\"false\">(</mo><mi>m</mi><mo>−</mo><mi>i</mi><mo>+</mo><mn>1</mn><mo stretchy=\"false\">)</mo><msub><mi>p</mi><mrow><mo stretchy=\"false\">(</mo><mi>i</mi><mo stretchy=\"false\">)</mo></mrow></msub><mo stretchy=\"false\">)</mo></math>",
    source: "Holm S (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics 6:65–70.",
};

pub(super) const ACCESS_RATE: Method = Method {
    name: "Access rate",
    formula: "Access rate = people in IPS from the group ÷ the group's population (counts only).",
    mathml: "<math display=\"block\"><msub><mi>r</mi><mi>g</mi></msub><mo>=</mo><mfrac><msub><mtext>IPS</mtext><mi>g</mi></msub><msub><mtext>population</mtext><mi>g</mi></msub></mfrac></math>",
    source: "The calculator's contract (SPEC section 2).",
};

pub(super) const KATZ_ACCESS: Method = Method {
    name: "Relative access with the Katz log interval",
    formula: KATZ_FORMULA,
    mathml: KATZ_MATHML,
    source: KATZ_SOURCE,
};

pub(super) const KATZ_JOBS: Method = Method {
    name: "Ratio of job rates with the Katz log interval",
    formula: KATZ_FORMULA,
    mathml: KATZ_MATHML,
    source: KATZ_SOURCE,
};

pub(super) const NEWCOMBE: Method = Method {
    name: "Difference in job rates with Newcombe's hybrid score interval",
    formula: "d = p₁ − p₂. With (l₁, u₁) and (l₂, u₂) the Wilson intervals of the two rates: lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²).",
    mathml: "<math display=\"block\"><mi>d</mi><mo>−</mo><msqrt><msup><mrow><mo stretchy=\"false\">(</mo><msub><mi>p</mi><mn>1</mn></msub><mo>−</mo><msub><mi>l</mi><mn>1</mn></msub><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup><mo>+</mo><msup><mrow><mo stretchy=\"false\">(</mo><msub><mi>u</mi><mn>2</mn></msub><mo>−</mo><msub><mi>p</mi><mn>2</mn></msub><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup></msqrt><mtext>\u{a0}to\u{a0}</mtext><mi>d</mi><mo>+</mo><msqrt><msup><mrow><mo stretchy=\"false\">(</mo><msub><mi>u</mi><mn>1</mn></msub><mo>−</mo><msub><mi>p</mi><mn>1</mn></msub><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup><mo>+</mo><msup><mrow><mo stretchy=\"false\">(</mo><msub><mi>p</mi><mn>2</mn></msub><mo>−</mo><msub><mi>l</mi><mn>2</mn></msub><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup></msqrt></math>",
    source: "Newcombe RG (1998). Interval estimation for the difference between independent proportions: comparison of eleven methods. Statistics in Medicine 17:873–890 (method 10).",
};

pub(super) const FISHER: Method = Method {
    name: "Fisher's exact test",
    formula: "With the 2 × 2 table's totals fixed, the number with a job in the group follows a hypergeometric distribution. p = the sum of the probabilities of every table no more likely than the one observed (with a relative tolerance of 10⁻⁷).",
    mathml: "<math display=\"block\"><mi>P</mi><mo stretchy=\"false\">(</mo><mi>a</mi><mo stretchy=\"false\">)</mo><mo>=</mo><mfrac><mrow><mrow><mo>(</mo><mfrac linethickness=\"0\"><msub><mi>n</mi><mn>1</mn></msub><mi>a</mi></mfrac><mo>)</mo></mrow><mrow><mo>(</mo><mfrac linethickness=\"0\"><msub><mi>n</mi><mn>2</mn></msub><mrow><mi>E</mi><mo>−</mo><mi>a</mi></mrow></mfrac><mo>)</mo></mrow></mrow><mrow><mo>(</mo><mfrac linethickness=\"0\"><mi>N</mi><mi>E</mi></mfrac><mo>)</mo></mrow></mfrac></math>",
    source: "Fisher RA (1935). The logic of inductive inference. Journal of the Royal Statistical Society 98:39–82. Two-sided p-value as R's fisher.test and SciPy's fisher_exact.",
};

pub(super) const GOODNESS_OF_FIT: Method = Method {
    name: "Pearson chi-square goodness of fit",
    formula: "χ² = Σ over groups of (IPS count − N s)² ÷ (N s), degrees of freedom = number of groups − 1; p = P(χ² with those degrees of freedom ≥ the value found). The population shares are treated as known, because the people in IPS are part of that population.",
    mathml: "<math display=\"block\"><msup><mi>χ</mi><mn>2</mn></msup><mo>=</mo><munder><mo>∑</mo><mi>g</mi></munder><mfrac><msup><mrow><mo stretchy=\"false\">(</mo><msub><mi>x</mi><mi>g</mi></msub><mo>−</mo><mi>N</mi><msub><mi>s</mi><mi>g</mi></msub><mo stretchy=\"false\">)</mo></mrow><mn>2</mn></msup><mrow><mi>N</mi><msub><mi>s</mi><mi>g</mi></msub></mrow></mfrac></math>",
    source: PEARSON_SOURCE,
};

pub(super) const UPTAKE: Method = Method {
    name: "Pearson chi-square test of uptake",
    formula: INDEPENDENCE_FORMULA,
    mathml: INDEPENDENCE_MATHML,
    source: PEARSON_SOURCE,
};

pub(super) const TWO_SAMPLE: Method = Method {
    name: "Two-sample chi-square, as published IPS equity studies report it",
    formula: INDEPENDENCE_FORMULA,
    mathml: INDEPENDENCE_MATHML,
    source: PEARSON_SOURCE,
};

pub(super) const OUTCOME_CHI_SQUARE: Method = Method {
    name: "Pearson chi-square test of job rates",
    formula: INDEPENDENCE_FORMULA,
    mathml: INDEPENDENCE_MATHML,
    source: PEARSON_SOURCE,
};

pub(super) const FREEMAN_HALTON: Method = Method {
    name: "Freeman-Halton exact test",
    formula: "With each group's size and the number of jobs fixed, a table with x_g jobs among n_g people in group g has probability Π C(n_g, x_g) ÷ C(N, E). p = the sum of the probabilities of every such table no more likely than the one observed (relative tolerance 10⁻⁷): summed exactly, or, for tables too large for the work budget, estimated from at least 1,000,000 random tables as (b + 1) ÷ (M + 1).",
    mathml: "<math display=\"block\"><mi>P</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo><mo>=</mo><mfrac><mrow><msub><mo>∏</mo><mi>g</mi></msub><mrow><mo>(</mo><mfrac linethickness=\"0\"><msub><mi>n</mi><mi>g</mi></msub><msub><mi>x</mi><mi>g</mi></msub></mfrac><mo>)</mo></mrow></mrow><mrow><mo>(</mo><mfrac linethickness=\"0\"><mi>N</mi><mi>E</mi></mfrac><mo>)</mo></mrow></mfrac></math>",
    source: "Freeman GH, Halton JH (1951). Note on an exact treatment of contingency, goodness of fit and other problems of significance. Biometrika 38:141–149. Exact search: Mehta CR, Patel NR (1983), JASA 78:427–434. Monte Carlo p-value: Phipson B, Smyth GK (2010), Statistical Applications in Genetics and Molecular Biology 9:39.",
};

pub(super) const LEFT_OUT_SHARE: Method = Method {
    name: "Share of everyone, for a row left out of the comparisons",
    formula: "Share = the row's count ÷ the total of every row, the rows left out (such as \"Not known\") included.",
    mathml: "<math display=\"block\"><mtext>share</mtext><mo>=</mo><mfrac><mtext>the row's count</mtext><mtext>the count of every row, left out or not</mtext></mfrac></math>",
    source: "The calculator's contract (SPEC section 1): rows such as \"Not known\" are left out of shares, rates and tests, and reported with their count and their share of the total, so that nothing silently disappears.",
};
