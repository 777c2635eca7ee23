print("gammakit")
