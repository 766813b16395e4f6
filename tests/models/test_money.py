from models import vn


def test_amounts_read_in_dong_the_way_papers_write_them():
    assert vn.format_money(844200) == "844.200 đồng"
    assert vn.format_money(0) == "0 đồng"
    assert vn.format_money(1853300) == "1.853.300 đồng"
