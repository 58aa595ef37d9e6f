# Sourced by .ci/run: is_ci succeeds when this is a CI run, where a test whose service is
# unreachable fails instead of being skipped. The rule is the one of
# dev.operon.testkit.Services.isCi(): CI set to anything but "", "false" (any case) or "0".
is_ci() {
  local value="${CI:-}"
  [[ -n "$value" && "${value,,}" != "false" && "$value" != "0" ]]
}
