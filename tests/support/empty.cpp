// Keeps opsdeck_test_support a library while the support folder is being filled.
