package dev.operon.saga;

import dev.operon.error.OperonException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a child saga is started by {@link WorkflowContext#childWorkflow}.
 *
 * @param businessId the child's saga id; null (the default) for {@code <parent id>-child-<n>},
 *     where n is the call's position in the parent's code. A business id already used by another
 *     saga fails the call with a VALIDATION {@link ChildWorkflowFailedException}.
 * @param parentClosePolicy what happens to the child if the parent closes first (default
 *     {@link ParentClosePolicy#TERMINATE})
 */
public record ChildWorkflowOptions(String businessId, ParentClosePolicy parentClosePolicy) {
  private static final Pattern BUSINESS_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,150}");

  /** A generated child id and {@link ParentClosePolicy#TERMINATE}. */
  public static final ChildWorkflowOptions DEFAULT = new ChildWorkflowOptions(null, ParentClosePolicy.TERMINATE);

  public ChildWorkflowOptions {
    Objects.requireNonNull(parentClosePolicy, "parentClosePolicy");
    if (businessId != null && !BUSINESS_ID.matcher(businessId).matches()) {
      throw OperonException.invalid("child businessId must be 1-150 letters, digits or . _ : @ -, was '"
          + businessId + "'");
    }
  }

  /** These options with the child's saga id set to {@code value}. */
  public ChildWorkflowOptions withBusinessId(String value) {
    return new ChildWorkflowOptions(value, parentClosePolicy);
  }

  /** These options with another parent-close policy. */
  public ChildWorkflowOptions withParentClosePolicy(ParentClosePolicy value) {
    return new ChildWorkflowOptions(businessId, value);
  }
}
