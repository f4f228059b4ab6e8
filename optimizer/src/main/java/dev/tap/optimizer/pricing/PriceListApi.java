package dev.tap.optimizer.pricing;

import java.util.List;

/** The AWS Price List query TAP needs: every product of a service matching all filters. */
public interface PriceListApi {
  /**
   * @return each product as the API's PriceList JSON string, all pages read
   * @throws dev.tap.optimizer.error.UserError when the API is unreachable or refuses the caller
   */
  List<String> products(String serviceCode, List<ProductFilter> filters);
}
