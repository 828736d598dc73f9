"""What the tests of the whole site share: the demo, loaded once for every test that reads
it, is the root conftest's `demo` fixture."""
