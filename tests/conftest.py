import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """st.cache_data / st.cache_resource outlive an AppTest: start every test from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
