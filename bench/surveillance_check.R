# Runs R surveillance's Farrington methods on series written by bench/early_warning_sim.py (--r-check).
# Usage: Rscript surveillance_check.R METHOD FIRST IN.csv OUT.csv [key=value ...]
#   METHOD  farringtonFlexible | farrington
#   FIRST   1-based row of the first evaluated week
#   IN.csv  column "date" (Mondays) then one column per series
#   OUT.csv long format: series (1-based column), row (1-based), upperbound, alarm, expected
# Every key=value is a numeric control option (limit54 is given as limit54=cases,period);
# thresholdMethod is the one text option.
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
method <- args[1]
first <- as.integer(args[2])
data <- read.csv(args[3], check.names = FALSE)
control <- list()
for (pair in args[-(1:4)]) {
  kv <- strsplit(pair, "=", fixed = TRUE)[[1]]
  if (kv[1] == "thresholdMethod") {
    control[[kv[1]]] <- kv[2]
  } else {
    control[[kv[1]]] <- as.numeric(strsplit(kv[2], ",", fixed = TRUE)[[1]])
  }
}
dates <- as.Date(data$date)
observed <- as.matrix(data[, -1, drop = FALSE])
control$range <- first:nrow(observed)
s <- sts(observed = observed, epoch = as.numeric(dates), epochAsDate = TRUE, frequency = 52)
result <- switch(method,
  farringtonFlexible = farringtonFlexible(s, control = control),
  farrington = farrington(s, control = control),
  stop("unknown method ", method)
)
upper <- upperbound(result)
alarm <- alarms(result)
expected <- if (method == "farringtonFlexible") result@control$expected else matrix(NA, nrow(upper), ncol(upper))
out <- data.frame(
  series = rep(seq_len(ncol(upper)), each = nrow(upper)),
  row = rep(control$range, times = ncol(upper)),
  upperbound = as.vector(upper),
  alarm = as.integer(as.vector(alarm)),
  expected = as.vector(expected)
)
write.csv(out, args[4], row.names = FALSE)
