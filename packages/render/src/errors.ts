/**
 * Errors thrown by @kube-aws/render. Each says which file (and where in it) is wrong and what to do.
 */
