def test_landing_page_describes_gutmind_to_signed_out_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Notice what helps you feel better" in response.content
