# Extra reference outputs of R surveillance 1.20.3 for concord/warning/tests/test_farrington_extra.py.
# Run from this folder: Rscript make_farrington_extra.R   (writes the CSV files beside it)
suppressMessages(library(surveillance))
set.seed(20261201)
data("salmNewport"); s <- aggregate(salmNewport, by = "unit")
dates <- as.Date(epoch(s)); n <- length(dates)
newport <- as.vector(observed(s))
newport[c(270:275, n - 20, n - 5)] <- NA  # gaps: at the start of some baselines, in the evaluated weeks
weeks <- seq_len(n)
trending <- rnbinom(n, mu = 4 * exp(0.004 * weeks) * (1 + 0.5 * sin(2 * pi * weeks / 52)), size = 3)
trending[n - 3] <- trending[n - 3] + 30  # an outbreak
sparse <- rpois(n, 0.3)
zero <- rep(0, n)
flat <- rpois(n, 25)
obs <- cbind(newport = newport, trending = trending, sparse = sparse, zero = zero, flat = flat)
pop <- round(outer(1e5 * (1 + weeks / n), c(1, 2, 0.5, 1, 3)))
write.csv(data.frame(series = rep(colnames(obs), each = n), date = rep(dates, ncol(obs)), observed = as.vector(obs),
                     population = as.vector(pop)), "extra_input.csv", row.names = FALSE)
x <- sts(observed = obs, epoch = as.numeric(dates), epochAsDate = TRUE, freq = 52, population = pop)
rng <- (n - 59):n
out <- function(r, name) {
  k <- ncol(r@observed); m <- nrow(r@observed)
  c <- r@control
  get <- function(v) if (is.null(v)) rep(NA, m * k) else as.vector(v)
  df <- data.frame(series = rep(colnames(obs), each = m), date = rep(dates[rng], k),
                   observed = as.vector(observed(r)), upperbound = as.vector(upperbound(r)),
                   alarm = as.integer(as.vector(r@alarm)), expected = get(c$expected), phi = get(c$phiVector),
                   trend = get(c$trend), trend_coefficient = get(c$trendVector), pvalue = get(c$pvalue),
                   score = get(c$score))
  write.csv(df, paste0("extra_", name, ".csv"), row.names = FALSE)
}
# a) the improved method as in the golden files
out(farringtonFlexible(x, list(range = rng, noPeriods = 10, b = 4, w = 3, weightsThreshold = 2.58,
    pastWeeksNotIncluded = 26, pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.01)), "ff_noufaily")
# b) R's defaults (b = 3, w = 3, original method, alpha = 0.05)
out(farringtonFlexible(x, list(range = rng)), "ff_defaults")
# c) no reweighting, 4 periods, square-root transformation, another 5-in-4 rule
out(farringtonFlexible(x, list(range = rng, noPeriods = 4, b = 3, w = 2, reweight = FALSE, powertrans = "1/2",
    limit54 = c(3, 2), alpha = 0.1, pastWeeksNotIncluded = 8)), "ff_noreweight_p4")
# d) no trend, muan, population offset
out(farringtonFlexible(x, list(range = rng, noPeriods = 10, b = 4, w = 3, trend = FALSE, thresholdMethod = "muan",
    populationOffset = TRUE, pastWeeksNotIncluded = 26, alpha = 0.05)), "ff_notrend_muan_population")
# e) index-based (no dates, 52-week years)
xi <- sts(observed = obs, freq = 52, start = c(2004, 1))
out(farringtonFlexible(xi, list(range = rng, noPeriods = 10, b = 4, w = 3, weightsThreshold = 2.58,
    pastWeeksNotIncluded = 26, pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.01)), "ff_index")
# e2) short baselines: b = 2 (no trend test), 3 periods, only the current week left out, no transformation
out(farringtonFlexible(x, list(range = rng, noPeriods = 3, b = 2, w = 4, pastWeeksNotIncluded = 0, powertrans = "none",
    weightsThreshold = 1.5, pThresholdTrend = 0.5, alpha = 0.02)), "ff_b2_p3_none")
# f) classic algo.farrington on the series without gaps, b = 3, w = 2, alpha = 0.05; and without reweighting
full <- x[, c("trending", "sparse", "zero", "flat")]
for (cfg in list(list(name = "classic_b3w2", reweight = TRUE, b = 3, trend = TRUE, powertrans = "2/3", limit54 = c(5, 4)),
                 list(name = "classic_noreweight", reweight = FALSE, b = 3, trend = TRUE, powertrans = "2/3", limit54 = c(5, 4)),
                 list(name = "classic_notrend_sqrt", reweight = TRUE, b = 4, trend = FALSE, powertrans = "1/2", limit54 = c(2, 3)))) {
  r <- farrington(full, control = list(range = rng, b = cfg$b, w = 2, alpha = 0.05, reweight = cfg$reweight, trend = cfg$trend,
                                       powertrans = cfg$powertrans, limit54 = cfg$limit54))
  k <- ncol(r@observed); m <- nrow(r@observed)
  write.csv(data.frame(series = rep(colnames(full@observed), each = m), date = rep(dates[rng], k),
                       observed = as.vector(observed(r)), upperbound = as.vector(upperbound(r)),
                       alarm = as.integer(as.vector(r@alarm))), paste0("extra_", cfg$name, ".csv"), row.names = FALSE)
}
# g) R's discrete quantile search at the edge of its fuzz (see test_quantiles_use_r_fuzz)
e <- .Machine$double.eps
cat("qpois:", qpois(ppois(3, 2) * (1 + 20 * e), 2), qpois(ppois(3, 2) * (1 + 4 * e), 2), "\n")
cat("qnbinom:", qnbinom(pnbinom(5, 2.5, 0.4) * (1 + 20 * e), 2.5, 0.4), qnbinom(pnbinom(5, 2.5, 0.4) * (1 + 4 * e), 2.5, 0.4), "\n")
